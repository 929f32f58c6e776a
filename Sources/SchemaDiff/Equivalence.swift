import SpannerDDL
import SpannerSchema

/// Spanner's notion of "the same": names compared case-insensitively, options as maps, implicit
/// defaults (`ON DELETE NO ACTION`, `ENFORCED`) spelled out, column order ignored.
enum Equivalence {
    static func options(_ list: OptionList?) -> [String: String] {
        var map: [String: String] = [:]
        for entry in list?.entries ?? [] where entry.value.text != "NULL" { map[entry.name.name.lowercased()] = entry.value.text }
        return map
    }

    static func sameColumn(_ a: ColumnDefinition, _ b: ColumnDefinition) -> Bool {
        a.name.matches(b.name) && a.type == b.type && a.notNull == b.notNull && sameGeneration(a.generation, b.generation)
            && a.hidden == b.hidden && options(a.options) == options(b.options) && sameExpression(a.onUpdate, b.onUpdate) && a.placementKey == b.placementKey
    }

    /// Expressions equal up to name case, quoting and redundant parentheses.
    static func sameExpression(_ a: Expression?, _ b: Expression?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a == b || a.comparisonKey == b.comparisonKey
    }

    static func sameGeneration(_ a: ColumnGeneration?, _ b: ColumnGeneration?) -> Bool {
        switch (a, b) {
        case (.default(let x)?, .default(let y)?): sameExpression(x, y)
        case (.generated(let x, let xs)?, .generated(let y, let ys)?): xs == ys && sameExpression(x, y)
        default: a == b
        }
    }

    static func sameNames(_ a: [Identifier], _ b: [Identifier]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.matches($1) }
    }

    static func sameKey(_ a: [KeyPart], _ b: [KeyPart]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.column.matches($1.column) && $0.descending == $1.descending }
    }

    static func onDelete(_ interleave: Interleave) -> OnDelete? {
        interleave.inParent ? (interleave.onDelete ?? .noAction) : nil
    }

    static func sameForeignKey(_ a: ForeignKey, _ b: ForeignKey) -> Bool {
        sameNames(a.columns, b.columns) && a.referencedTable.matches(b.referencedTable) && sameNames(a.referencedColumns, b.referencedColumns)
            && (a.onDelete ?? .noAction) == (b.onDelete ?? .noAction) && (a.enforced ?? true) == (b.enforced ?? true)
    }

    static func sameIndex(_ a: Index, _ b: Index) -> Bool {
        normalized(a) == normalized(b)
    }

    /// An index with names upper-cased, STORING sorted and options as a map, for comparison.
    static func normalized(_ index: Index) -> String {
        func names(_ list: [Identifier]) -> String { list.map { $0.name.uppercased() }.joined(separator: ",") }
        func keys(_ list: [KeyPart]) -> String { list.map { $0.column.name.uppercased() + ($0.descending ? " DESC" : "") }.joined(separator: ",") }
        func storing(_ list: [Identifier]) -> String { list.map { $0.name.uppercased() }.sorted().joined(separator: ",") }
        func opts(_ list: OptionList?) -> String { options(list).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") }
        switch index {
        case .standard(let i):
            return "I|\(NameKey(i.table))|\(i.unique)|\(i.nullFiltered)|\(keys(i.keys))|\(storing(i.storing))|\(i.filter?.comparisonKey ?? "")|\(i.interleaveIn.map { NameKey($0).value } ?? "")|\(opts(i.options))"
        case .search(let i):
            return "S|\(NameKey(i.table))|\(names(i.columns))|\(storing(i.storing))|\(names(i.partitionBy))|\(keys(i.orderBy))|\(i.filter?.comparisonKey ?? "")|\(i.interleaveIn.map { NameKey($0).value } ?? "")|\(opts(i.options))"
        case .vector(let i):
            return "V|\(NameKey(i.table))|\(names(i.columns))|\(storing(i.storing))|\(i.filter?.comparisonKey ?? "")|\(opts(i.options))"
        }
    }

    /// The index without STORING and OPTIONS: two indexes equal here differ only in what can
    /// be altered in place.
    static func core(_ index: Index) -> Index {
        var core = index
        core.storing = []
        core.options = nil
        // A search index's TOKENLIST columns change in place; their order carries no meaning.
        if case .search(var search) = core {
            search.columns = []
            core = .search(search)
        }
        return core
    }

    /// `OPTIONS` that turn `from` into `to`: changed values, and NULL for removed ones.
    static func optionChanges(from: OptionList?, to: OptionList?) -> OptionList? {
        let old = options(from), new = options(to)
        var entries: [OptionList.Option] = []
        for entry in to?.entries ?? [] where old[entry.name.name.lowercased()] != entry.value.text && entry.value.text != "NULL" {
            entries.append(entry)
        }
        for entry in from?.entries ?? [] where new[entry.name.name.lowercased()] == nil && entry.value.text != "NULL" {
            entries.append(OptionList.Option(name: entry.name, value: Expression(canonicalText: "NULL")))
        }
        return entries.isEmpty ? nil : OptionList(entries)
    }
}
