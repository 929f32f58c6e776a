import SpannerDDL

/// The names a view's query mentions, computed once: bare names and dotted pairs, as name keys.
public struct ViewReferences: Sendable {
    public let keys: Set<String>

    public init(_ query: Expression) {
        let identifiers = query.referencedIdentifiers.map { NameKey($0).value }
        var keys = Set(identifiers)
        for i in identifiers.indices.dropLast() { keys.insert(identifiers[i] + "." + identifiers[i + 1]) }
        self.keys = keys
    }

    /// Whether the query mentions `name` (a table, a view), case-insensitively.
    public func mentions(_ name: ObjectName) -> Bool { keys.contains(NameKey(name).value) }
}

extension Schema {
    /// Views ordered so that each comes after the views it reads; otherwise in the given order.
    ///
    /// Linear in the total size of the queries: each query is read once.
    public static func viewOrder(_ views: [CreateView]) -> [CreateView] {
        let byName = Dictionary(views.map { (NameKey($0.name).value, $0) }, uniquingKeysWith: { first, _ in first })
        var references: [String: ViewReferences] = [:]
        for view in views { references[NameKey(view.name).value] = ViewReferences(view.query) }
        var placed = Set<String>(), visiting = Set<String>()
        var result: [CreateView] = []
        func place(_ view: CreateView) {
            let key = NameKey(view.name).value
            guard !placed.contains(key), visiting.insert(key).inserted else { return }
            for mentioned in references[key]!.keys.sorted() where mentioned != key {
                if let other = byName[mentioned] { place(other) }
            }
            visiting.remove(key)
            if placed.insert(key).inserted { result.append(view) }
        }
        for view in views { place(view) }
        // Duplicates are kept so that applying them reports the clash.
        var seen = Set<String>()
        let duplicates = views.filter { !seen.insert(NameKey($0.name).value).inserted }
        return result + duplicates
    }
}

extension Schema {
    /// Functions ordered so that each comes after the functions it calls; otherwise in the given order.
    public static func functionOrder(_ functions: [CreateFunction]) -> [CreateFunction] {
        let byName = Dictionary(functions.map { (NameKey($0.name), $0) }, uniquingKeysWith: { first, _ in first })
        var placed = Set<NameKey>(), visiting = Set<NameKey>()
        var result: [CreateFunction] = []
        func place(_ function: CreateFunction) {
            let key = NameKey(function.name)
            guard !placed.contains(key), visiting.insert(key).inserted else { return }
            for called in function.body?.references.functions ?? [] {
                if let other = byName[NameKey(called)] { place(other) }
            }
            visiting.remove(key)
            if placed.insert(key).inserted { result.append(function) }
        }
        for function in functions { place(function) }
        return result
    }
}
