import SpannerDDL

// MARK: - Dropping, refused while anything depends on the object

extension Schema {
    /// Privileges on a dropped object go with it.
    mutating func dropPrivileges(on kind: PrivilegeTarget.Kind, _ key: NameKey, column: NameKey? = nil) {
        grants = grants.filter { entry in
            guard case .privilege(_, let target, let object, let onColumn) = entry.subject, target == kind, object == key else { return true }
            if let column { return onColumn != column }
            return false
        }
    }

    mutating func drop(_ drop: Drop) throws(SchemaError) {
        guard let name = drop.name else {
            guard protoTypes != nil else { throw .unknown("proto bundle", "(none created)") }
            let users = tables.values.flatMap { table in
                table.columns.filter { if case .named = $0.type { true } else { false } }.map { "column \(table.name).\($0.name)" }
            }.sorted()
            guard users.isEmpty else { throw .dependents("the proto bundle", users) }
            protoTypes = nil
            return
        }
        let key = NameKey(name)
        func missing(_ kind: String) throws(SchemaError) {
            if !drop.ifExists { throw .unknown(kind, name) }
        }
        /// Spanner finds the object by its exact spelling; under another one it is missing.
        func spelled(_ defined: ObjectName, _ kind: String) throws(SchemaError) -> Bool {
            if defined.spelledExactly(name) { return true }
            if drop.ifExists { return false }
            throw .caseMismatch(kind, name, defined: defined.description)
        }
        switch drop.kind {
        case .table:
            guard let table = tables[key] else { return try missing("table") }
            guard try spelled(table.name, "table") else { return }
            let blockers = dependents(ofTable: table)
            guard blockers.isEmpty else { throw .dependents("table \(table.name)", blockers) }
            unregister(table)
            tables[key] = nil
            indexNamesByTable[key] = nil
            dropPrivileges(on: .table, key)
        case .index, .searchIndex, .vectorIndex:
            guard let index = indexes[key] else { return try missing(drop.kind.rawValue.lowercased()) }
            guard try spelled(index.name, drop.kind.rawValue.lowercased()) else { return }
            let expected: Drop.Kind =
                switch index {
                case .standard: .index
                case .search: .searchIndex
                case .vector: .vectorIndex
                }
            // DROP INDEX also drops a vector index, as Spanner allows.
            guard expected == drop.kind || (drop.kind == .index && expected == .vectorIndex) else {
                throw SchemaError(kind: .unknownObject, message: "\(name) is a \(expected.rawValue.lowercased()), not a \(drop.kind.rawValue.lowercased()); use DROP \(expected.rawValue)")
            }
            let users = bodiesForcing(index: index.name)
            guard users.isEmpty else { throw .dependents("index \(index.name)", users.sorted()) }
            indexes[key] = nil
            indexNamesByTable[NameKey(index.table)]?.remove(key)
            if indexNamesByTable[NameKey(index.table)]?.isEmpty == true { indexNamesByTable[NameKey(index.table)] = nil }
        case .view:
            guard let view = views[key] else { return try missing("view") }
            guard try spelled(view.name, "view") else { return }
            let users = Set(views.values.filter { NameKey($0.name) != key && Self.query($0.query, mentions: view.name) }.map { "view \($0.name)" } + bodiesReading(view.name)).sorted()
            guard users.isEmpty else { throw .dependents("view \(view.name)", users) }
            views[key] = nil
            dropPrivileges(on: .view, key)
        case .changeStream:
            guard changeStreams[key] != nil else { return try missing("change stream") }
            changeStreams[key] = nil
            dropPrivileges(on: .changeStream, key)
        case .sequence:
            guard let sequence = sequences[key] else { return try missing("sequence") }
            let users = tables.values.flatMap { table in
                table.columns.filter { column in
                    guard case .default(let e)? = column.generation else { return false }
                    // GoogleSQL names it bare (`SEQUENCE s`), PostgreSQL in a string (`nextval('s')`).
                    return e.referencedIdentifiers.contains { $0.matches(sequence.name.base) }
                        || e.references.sequences.contains { NameKey($0) == NameKey(sequence.name) }
                }.map { "column \(table.name).\($0.name)" }
            }.sorted()
            let bodies = bodiesUsing(sequence: sequence.name)
            guard users.isEmpty && bodies.isEmpty else { throw .dependents("sequence \(sequence.name)", (users + bodies).sorted()) }
            sequences[key] = nil
            dropPrivileges(on: .sequence, key)
        case .role:
            guard roles[key] != nil else { return try missing("role") }
            let held = grants.filter { $0.grantee == key || $0.subject == .role(key) }
            guard held.isEmpty else {
                throw SchemaError(kind: .dependentObjects, message: "cannot drop role \(name): it still holds or is granted \(held.count) privilege(s); REVOKE them first")
            }
            roles[key] = nil
        case .schema:
            guard namedSchemas[key] != nil else { return try missing("schema") }
            let prefix = key.value + "."
            let contained = (Array(tables.keys) + Array(indexes.keys) + Array(views.keys) + Array(sequences.keys) + Array(functions.keys) + Array(propertyGraphs.keys)).filter { $0.value.hasPrefix(prefix) }
            guard contained.isEmpty else { throw .dependents("schema \(name)", contained.map(\.value).sorted()) }
            namedSchemas[key] = nil
        case .model:
            guard models[key] != nil else { return try missing("model") }
            models[key] = nil
            dropPrivileges(on: .model, key)
        case .placement:
            guard placements[key] != nil else { return try missing("placement") }
            placements[key] = nil
        case .localityGroup:
            guard localityGroups[key] != nil else { return try missing("locality group") }
            let users = localityGroupUsers(key)
            guard users.isEmpty else { throw .dependents("locality group \(name)", users) }
            localityGroups[key] = nil
        case .propertyGraph:
            guard propertyGraphs[key] != nil else { return try missing("property graph") }
            propertyGraphs[key] = nil
        case .protoBundle:
            break
        case .function:
            guard let function = functions[key] else { return try missing("function") }
            guard try spelled(function.name, "function") else { return }
            let users = dependents(ofFunction: function.name)
            guard users.isEmpty else { throw .dependents("function \(function.name)", users) }
            functions[key] = nil
        }
    }

    // MARK: Dependents

    /// Everything that stops `table` from being dropped, described for an error message.
    public func dependents(ofTable table: Table) -> [String] {
        let key = NameKey(table.name)
        var found: [String] = []
        found += children(of: table.name).map { "interleaved table \($0.name)" }
        found += indexes(on: table.name).map { "index \($0.name)" }
        for other in tablesReferencing(table.name) where NameKey(other.name) != key {
            for foreignKey in other.foreignKeys where NameKey(foreignKey.referencedTable) == key {
                found.append("foreign key \(foreignKey.name.map(\.description) ?? "(unnamed)") on \(other.name)")
            }
        }
        found += viewsReferencing(table: table.name).map { "view \($0)" }
        found += bodiesReading(table.name).filter { $0.hasPrefix("function ") }
        for graph in propertyGraphs.values where graph.body.graphElements.tables.contains(where: { NameKey($0) == key }) {
            found.append("property graph \(graph.name)")
        }
        for stream in changeStreams.values {
            if case .tables(let watched)? = stream.watch, watched.contains(where: { NameKey($0.table) == key }) {
                found.append("change stream \(stream.name)")
            }
        }
        return found.sorted()
    }

    /// Everything that stops `column` of `table` from being dropped.
    public func dependents(ofColumn column: Identifier, in table: Table) -> [String] {
        let key = NameKey(table.name)
        var found: [String] = []
        if table.isKeyColumn(column) { found.append("the primary key of \(table.name)") }
        for index in indexes(on: table.name) where index.referencedColumns.contains(where: { $0.matches(column) }) {
            found.append("index \(index.name)")
        }
        for foreignKey in table.foreignKeys where foreignKey.columns.contains(where: { $0.matches(column) }) {
            found.append("foreign key \(foreignKey.name.map(\.description) ?? "(unnamed)")")
        }
        for other in tablesReferencing(table.name) {
            for foreignKey in other.foreignKeys where NameKey(foreignKey.referencedTable) == key && foreignKey.referencedColumns.contains(where: { $0.matches(column) }) {
                found.append("foreign key \(foreignKey.name.map(\.description) ?? "(unnamed)") on \(other.name)")
            }
        }
        for other in table.columns where !other.name.matches(column) {
            if case .generated(let e, _)? = other.generation, e.referencedIdentifiers.contains(where: { $0.matches(column) }) {
                found.append("generated column \(other.name)")
            }
        }
        for check in table.checks where check.expression.referencedIdentifiers.contains(where: { $0.matches(column) }) {
            found.append("check constraint \(check.name.map(\.description) ?? "(unnamed)")")
        }
        if let policy = table.rowDeletionPolicy, policy.column.matches(column) { found.append("the row deletion policy of \(table.name)") }
        for view in views.values where Self.query(view.query, mentions: table.name) && view.query.referencedIdentifiers.contains(where: { $0.matches(column) }) {
            found.append("view \(view.name)")
        }
        for stream in changeStreams.values {
            if case .tables(let watched)? = stream.watch,
                watched.contains(where: { NameKey($0.table) == key && ($0.columns ?? []).contains { $0.matches(column) } })
            {
                found.append("change stream \(stream.name)")
            }
        }
        return found.sorted()
    }

    /// Views whose query names `table`.
    func viewsReferencing(table: ObjectName) -> [String] {
        views.values.filter { Self.query($0.query, mentions: table) }.map(\.name.description).sorted()
    }

    /// Whether a query mentions `name` (every part, in sequence, case-insensitively).
    public static func query(_ query: Expression, mentions name: ObjectName) -> Bool {
        let identifiers = query.referencedIdentifiers
        let parts = name.parts
        guard parts.count <= identifiers.count else { return false }
        for start in 0...(identifiers.count - parts.count) {
            if (0..<parts.count).allSatisfy({ identifiers[start + $0].matches(parts[$0]) }) { return true }
        }
        return false
    }
}
