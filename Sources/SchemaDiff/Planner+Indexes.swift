import SpannerDDL
import SpannerSchema

// MARK: - Indexes and constraints

extension Planner {
    /// Columns an index is built on (everything but STORING).
    static func builtOn(_ index: Index) -> [Identifier] {
        let stored = Set(index.storing.map(NameKey.init))
        return index.referencedColumns.filter { !stored.contains(NameKey($0)) }
    }

    /// Whether a column is dropped (or dropped and re-added) or retyped by this plan.
    func isReshaped(_ table: ObjectName, _ column: Identifier) -> Bool {
        let key = Self.columnKey(table, column)
        return droppedColumns.contains(key) || retypedColumns.contains(key)
    }

    /// Whether an old index must be dropped and rebuilt: its table goes, a column it is built
    /// on is reshaped, or its definition changed beyond STORING and OPTIONS.
    ///
    /// A search index's TOKENLIST columns change in place (`ALTER SEARCH INDEX ADD|DROP
    /// COLUMN`), so a column it lets go of does not force a rebuild.
    func indexNeedsRebuild(_ index: Index, target: Index?) -> Bool {
        guard let target else { return false }
        if isGone(NameKey(index.table)) { return true }
        let leaving = Set(Self.searchColumnsToDrop(index, target: target).map(NameKey.init))
        if Self.builtOn(index).contains(where: { !leaving.contains(NameKey($0)) && isReshaped(index.table, $0) }) { return true }
        // A key's nullability is fixed while an index that is not NULL_FILTERED exists.
        if case .standard(let i) = index, !i.nullFiltered {
            for part in i.keys where old.table(i.table)?.column(part.column)?.notNull != new.table(i.table)?.column(part.column)?.notNull {
                return true
            }
        }
        return !Equivalence.sameIndex(Equivalence.core(index), Equivalence.core(target))
    }

    /// TOKENLIST columns a search index that stays lets go of.
    static func searchColumnsToDrop(_ index: Index, target: Index) -> [Identifier] {
        guard case .search(let old) = index, case .search(let new) = target else { return [] }
        return old.columns.filter { column in !new.columns.contains(where: { $0.matches(column) }) }
    }

    /// TOKENLIST columns a search index that stays takes on.
    static func searchColumnsToAdd(_ index: Index, target: Index) -> [Identifier] {
        guard case .search(let old) = index, case .search(let new) = target else { return [] }
        return new.columns.filter { column in !old.columns.contains(where: { $0.matches(column) }) }
    }

    /// Stored columns to drop from an index that stays: no longer wanted, or reshaped.
    func storedColumnsToDrop(_ index: Index, target: Index) -> [Identifier] {
        index.storing.filter { column in
            !target.storing.contains(where: { $0.matches(column) }) || isReshaped(index.table, column)
        }
    }

    mutating func planIndexDrops() throws(DiffError) {
        for key in indexesToVisit {
            guard let index = old.indexes[key] else { continue }
            let target = new.indexes[key]
            if isGone(NameKey(index.table)) {
                // Spanner refuses to drop a table that still has indexes.
                drop(.drop(Drop(kind: Self.dropKind(index), name: index.name)), .instant, "dropped before its table", "index \(index.name)")
                continue
            }
            guard let target else {
                drop(.drop(Drop(kind: Self.dropKind(index), name: index.name)), .instant, "index removed from the declared schema", "index \(index.name)")
                continue
            }
            guard indexNeedsRebuild(index, target: target) else {
                for column in Self.searchColumnsToDrop(index, target: target) {
                    drop(.alterIndex(AlterIndex(kind: .search, name: index.name, action: .dropColumn(column))), .instant, "indexed column removed", "index \(index.name)")
                }
                for column in storedColumnsToDrop(index, target: target) {
                    drop(.alterIndex(AlterIndex(kind: Self.indexKind(index), name: index.name, action: .dropStoredColumn(column))), .instant, "stored column removed", "index \(index.name)")
                }
                continue
            }
            guard policy.allowRecreateIndexes || policy.allowDestructive else {
                throw .needs("--allow-recreate-indexes", "index \(index.name) must be dropped and rebuilt (its definition or a column it is built on changed); rebuilding backfills the whole index")
            }
            drop(.drop(Drop(kind: Self.dropKind(index), name: index.name)), .instant, "dropped to be rebuilt", "index \(index.name)")
        }
    }

    mutating func planIndexCreates() {
        for key in indexesToVisit {
            guard let index = new.indexes[key] else { continue }
            guard let current = old.indexes[key], !indexNeedsRebuild(current, target: index) else {
                let rebuilt = old.indexes[key] != nil
                create(index.statement, .backfill, rebuilt ? "rebuilt with its new definition" : "index added to the declared schema", "index \(index.name)")
                continue
            }
            for column in Self.searchColumnsToAdd(current, target: index) {
                create(.alterIndex(AlterIndex(kind: .search, name: index.name, action: .addColumn(column))), .backfill, "indexed column added: the index is backfilled for it", "index \(index.name)")
            }
            let dropped = storedColumnsToDrop(current, target: index)
            for column in index.storing where !current.storing.contains(where: { $0.matches(column) }) || dropped.contains(where: { $0.matches(column) }) {
                create(.alterIndex(AlterIndex(kind: Self.indexKind(index), name: index.name, action: .addStoredColumn(column))), .backfill, "stored column added", "index \(index.name)")
            }
            if let changes = Equivalence.optionChanges(from: current.options, to: index.options) {
                create(.alterIndex(AlterIndex(kind: Self.indexKind(index), name: index.name, action: .setOptions(changes))), .instant, "index options changed", "index \(index.name)")
            }
        }
    }

    static func dropKind(_ index: Index) -> Drop.Kind {
        switch index {
        case .standard: .index
        case .search: .searchIndex
        case .vector: .vectorIndex
        }
    }

    static func indexKind(_ index: Index) -> IndexKind {
        switch index {
        case .standard: .index
        case .search: .search
        case .vector: .vector
        }
    }

    // MARK: Constraints

    /// Named constraints of `table`, by name key.
    private static func checks(_ table: Table) -> [NameKey: CheckConstraint] {
        Dictionary(table.checks.compactMap { c in c.name.map { (NameKey($0), c) } }, uniquingKeysWith: { a, _ in a })
    }

    private static func foreignKeys(_ table: Table) -> [NameKey: ForeignKey] {
        Dictionary(table.foreignKeys.compactMap { f in f.name.map { (NameKey($0), f) } }, uniquingKeysWith: { a, _ in a })
    }

    /// Whether a foreign key must be dropped and re-added: it changed, or one of its columns (on
    /// either side) is dropped, retyped or changes nullability.
    func foreignKeyNeedsRebuild(_ key: ForeignKey, on table: Table, target: ForeignKey?) -> Bool {
        guard let target, Equivalence.sameForeignKey(key, target) else { return true }
        if isGone(NameKey(key.referencedTable)) { return true }
        let sides = key.columns.map { (table.name, $0) } + key.referencedColumns.map { (key.referencedTable, $0) }
        for (tableName, column) in sides {
            let columnKey = Self.columnKey(tableName, column)
            if droppedColumns.contains(columnKey) || retypedColumns.contains(columnKey) { return true }
            let before = old.table(tableName)?.column(column), after = new.table(tableName)?.column(column)
            if before?.notNull != after?.notNull { return true }
        }
        return false
    }

    mutating func planConstraintDrops() throws(DiffError) {
        for key in oldTablesToVisit where !isGone(key) {
            guard let table = old.tables[key] else { continue }
            guard let target = new.tables[key] else { continue }
            let wantedFKs = Self.foreignKeys(target), wantedChecks = Self.checks(target)
            for foreignKey in table.foreignKeys where foreignKeyNeedsRebuild(foreignKey, on: table, target: foreignKey.name.flatMap { wantedFKs[NameKey($0)] }) {
                guard let name = foreignKey.name else {
                    throw DiffError(kind: .unsupported, message: "an unnamed foreign key on \(table.name) changed; name it (CONSTRAINT name FOREIGN KEY ...) so that it can be dropped")
                }
                drop(
                    .alterTable(AlterTable(name: table.name, action: .dropConstraint(name))), .instant,
                    wantedFKs[NameKey(name)] == nil ? "foreign key removed" : "dropped to be re-added around a change of its columns", "foreign key \(name)")
            }
            for check in table.checks {
                let wanted = check.name.flatMap { wantedChecks[NameKey($0)] }
                let usesDropped = check.expression.referencedIdentifiers.contains { droppedColumns.contains(Self.columnKey(table.name, $0)) || retypedColumns.contains(Self.columnKey(table.name, $0)) }
                guard wanted == nil || !Equivalence.sameExpression(wanted!.expression, check.expression) || usesDropped else { continue }
                guard let name = check.name else {
                    if !target.checks.contains(where: { $0.name == nil && Equivalence.sameExpression($0.expression, check.expression) }) || usesDropped {
                        throw DiffError(kind: .unsupported, message: "an unnamed CHECK on \(table.name) changed; name it (CONSTRAINT name CHECK (...)) so that it can be dropped")
                    }
                    continue
                }
                drop(.alterTable(AlterTable(name: table.name, action: .dropConstraint(name))), .instant, wanted == nil ? "check removed" : "check changed", "check \(name)")
            }
        }
    }

    mutating func planConstraintAdds() {
        for key in newTablesToVisit {
            guard let target = new.tables[key] else { continue }
            let current = old.tables[key].flatMap { isGone(key) ? nil : $0 }
            for foreignKey in target.foreignKeys {
                if current == nil {
                    // New table: added here unless it was created with the table.
                    if Self.inlineForeignKeys(in: creates, table: key).contains(foreignKey) { continue }
                } else if let existing = current!.foreignKeys.first(where: { $0.name != nil && foreignKey.name != nil && $0.name!.matches(foreignKey.name!) }),
                    !foreignKeyNeedsRebuild(existing, on: current!, target: foreignKey)
                {
                    continue
                } else if foreignKey.name == nil, current!.foreignKeys.contains(where: { Equivalence.sameForeignKey($0, foreignKey) && $0.name == nil }) {
                    continue
                }
                create(
                    .alterTable(AlterTable(name: target.name, action: .addConstraint(.foreignKey(foreignKey)))), .validating,
                    "foreign key added: Spanner validates existing rows", "foreign key \(foreignKey.name.map(\.description) ?? "on \(target.name)")")
            }
            for check in target.checks {
                if let current {
                    if let existing = current.checks.first(where: { $0.name != nil && check.name != nil && $0.name!.matches(check.name!) }), Equivalence.sameExpression(existing.expression, check.expression),
                        !check.expression.referencedIdentifiers.contains(where: { droppedColumns.contains(Self.columnKey(target.name, $0)) || retypedColumns.contains(Self.columnKey(target.name, $0)) })
                    {
                        continue
                    }
                    if check.name == nil, current.checks.contains(where: { $0.name == nil && Equivalence.sameExpression($0.expression, check.expression) }) { continue }
                } else {
                    continue  // Created with its table.
                }
                create(
                    .alterTable(AlterTable(name: target.name, action: .addConstraint(.check(check)))), .validating,
                    "check added: Spanner validates existing rows", "check \(check.name.map(\.description) ?? "on \(target.name)")")
            }
        }
    }

    static func inlineForeignKeys(in steps: [PlannedStatement], table: NameKey) -> [ForeignKey] {
        for step in steps {
            if case .createTable(let create) = step.statement, NameKey(create.name) == table {
                return create.constraints.compactMap { if case .foreignKey(let f) = $0 { f } else { nil } }
            }
        }
        return []
    }
}
