import SpannerDDL

/// A Spanner database schema: every object, with Spanner's rules enforced on every change.
///
/// A `Schema` only changes through `apply(_:)`, which rejects what Spanner would reject and
/// leaves the schema untouched when it does. Names resolve case-insensitively.
public struct Schema: Sendable, Hashable {
    /// The database's dialect: what its statements are printed in, and which rules of one
    /// dialect only apply (PostgreSQL has no STRUCT, proto or model, for example).
    public internal(set) var dialect: Dialect = .googleSQL
    public internal(set) var tables: [NameKey: Table] = [:]
    public internal(set) var indexes: [NameKey: Index] = [:]
    public internal(set) var views: [NameKey: CreateView] = [:]
    public internal(set) var changeStreams: [NameKey: CreateChangeStream] = [:]
    public internal(set) var sequences: [NameKey: CreateSequence] = [:]
    public internal(set) var roles: [NameKey: Identifier] = [:]
    /// Granted privileges and role memberships, one entry per grantee and privilege.
    public internal(set) var grants: Set<GrantEntry> = []
    /// The written names of table functions privileges were granted on (they are implicit
    /// objects, so nothing else records how they were spelled).
    public internal(set) var tableFunctionNames: [NameKey: ObjectName] = [:]
    public internal(set) var namedSchemas: [NameKey: Identifier] = [:]
    /// Database options by lower-cased name; a NULL value removes an option.
    public internal(set) var databaseOptions: [String: Expression] = [:]
    public internal(set) var models: [NameKey: CreateModel] = [:]
    public internal(set) var placements: [NameKey: CreateOptionsObject] = [:]
    public internal(set) var localityGroups: [NameKey: CreateOptionsObject] = [:]
    public internal(set) var propertyGraphs: [NameKey: CreatePropertyGraph] = [:]
    /// User-defined functions, SQL and remote.
    public internal(set) var functions: [NameKey: CreateFunction] = [:]
    public internal(set) var protoTypes: [ObjectName]? = nil
    /// Statements of kinds Ratchet does not model, in the order applied; kept so nothing is lost.
    public internal(set) var unmodeled: [RawStatement] = []

    // MARK: Lookup tables, derived from the objects above and kept in step by every change,
    // so that a 5,000-table schema loads in linear time.

    /// Index names by the table they index.
    var indexNamesByTable: [NameKey: Set<NameKey>] = [:]
    /// The table that owns each named check or foreign key.
    var constraintOwners: [NameKey: NameKey] = [:]
    /// The table each synonym stands for.
    var synonymOwners: [NameKey: NameKey] = [:]
    /// Tables interleaved in each table.
    var interleavedChildren: [NameKey: Set<NameKey>] = [:]
    /// Tables with a foreign key to each table (a table referencing itself included).
    var referencingTables: [NameKey: Set<NameKey>] = [:]

    public init(dialect: Dialect = .googleSQL) { self.dialect = dialect }

    // MARK: Keeping the lookup tables in step

    /// Records a table's names (constraints, synonyms) in the lookup tables.
    mutating func register(_ table: Table) {
        let key = NameKey(table.name)
        for name in table.checks.compactMap(\.name) + table.foreignKeys.compactMap(\.name) { constraintOwners[NameKey(name)] = key }
        for synonym in table.synonyms { synonymOwners[NameKey(synonym)] = key }
        if let parent = table.interleave?.parent { interleavedChildren[NameKey(parent), default: []].insert(key) }
        for foreignKey in table.foreignKeys { referencingTables[NameKey(foreignKey.referencedTable), default: []].insert(key) }
    }

    /// Removes a table's names from the lookup tables.
    mutating func unregister(_ table: Table) {
        for name in table.checks.compactMap(\.name) + table.foreignKeys.compactMap(\.name) { constraintOwners[NameKey(name)] = nil }
        for synonym in table.synonyms { synonymOwners[NameKey(synonym)] = nil }
        let key = NameKey(table.name)
        if let parent = table.interleave?.parent { Self.remove(key, from: &interleavedChildren, at: NameKey(parent)) }
        for foreignKey in table.foreignKeys {
            // Another foreign key of the table may still reference the same target.
            let target = NameKey(foreignKey.referencedTable)
            Self.remove(key, from: &referencingTables, at: target)
        }
    }

    private static func remove(_ key: NameKey, from map: inout [NameKey: Set<NameKey>], at slot: NameKey) {
        map[slot]?.remove(key)
        if map[slot]?.isEmpty == true { map[slot] = nil }
    }

    /// Stores `table` (replacing the one at `key`), keeping the lookup tables in step.
    mutating func store(_ table: Table, replacing key: NameKey? = nil) {
        if let key, let old = tables[key] {
            unregister(old)
            tables[key] = nil
        }
        tables[NameKey(table.name)] = table
        register(table)
    }

    // MARK: - Lookup

    public func table(_ name: ObjectName) -> Table? { tables[NameKey(name)] }

    /// The indexes on `table`, in name order.
    public func indexes(on table: ObjectName) -> [Index] {
        (indexNamesByTable[NameKey(table)] ?? []).sorted().compactMap { indexes[$0] }
    }

    /// Tables interleaved directly in `table`, in name order.
    public func children(of table: ObjectName) -> [Table] {
        (interleavedChildren[NameKey(table)] ?? []).sorted().compactMap { tables[$0] }
    }

    /// Tables with a foreign key to `table`, in name order.
    func tablesReferencing(_ table: ObjectName) -> [Table] {
        (referencingTables[NameKey(table)] ?? []).sorted().compactMap { tables[$0] }
    }

    /// How many tables deep `table` is interleaved: 1 for a top-level table.
    public func interleaveDepth(of table: Table) -> Int {
        var depth = 1
        var current = table
        while let parent = current.interleave.map({ self.table($0.parent) }) ?? nil, depth <= 64 {
            depth += 1
            current = parent
        }
        return depth
    }

    /// What kind of schema object, if any, already uses `name` (tables, indexes, views, change
    /// streams, sequences, models and graphs share one namespace).
    func objectKind(named name: ObjectName) -> String? {
        let key = NameKey(name)
        if tables[key] != nil { return "table" }
        if indexes[key] != nil { return "index" }
        if views[key] != nil { return "view" }
        if changeStreams[key] != nil { return "change stream" }
        if sequences[key] != nil { return "sequence" }
        if models[key] != nil { return "model" }
        if propertyGraphs[key] != nil { return "property graph" }
        if synonymOwners[key] != nil { return "table synonym" }
        return nil
    }
}

/// One privilege granted to one role, or one role membership.
public struct GrantEntry: Sendable, Hashable {
    public enum Subject: Sendable, Hashable {
        /// A privilege on an object, optionally on some columns only.
        case privilege(Privilege.Action, target: PrivilegeTarget.Kind, object: NameKey, column: NameKey?)
        /// Membership in a role.
        case role(NameKey)
    }

    public var subject: Subject
    public var grantee: NameKey

    public init(subject: Subject, grantee: NameKey) {
        self.subject = subject
        self.grantee = grantee
    }
}
