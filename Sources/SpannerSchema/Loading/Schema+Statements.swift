import SpannerDDL

// MARK: - The schema as DDL

extension Schema {
    /// The schema as DDL statements in an order Spanner accepts when replayed: containers,
    /// sequences, tables (parents first; foreign keys to later tables added after), indexes,
    /// change streams, models, views (after the views they read), graphs, roles and grants.
    ///
    /// Ties are broken by name, so equal schemas give identical statements.
    public var statements: [Statement] {
        var out: [Statement] = []
        if !databaseOptions.isEmpty {
            let entries = databaseOptions.keys.sorted().map { OptionList.Option(name: Identifier($0), value: databaseOptions[$0]!) }
            // PostgreSQL sets one option a statement.
            for group in dialect == .postgreSQL ? entries.map({ [$0] }) : [entries] {
                out.append(.alterDatabase(AlterDatabase(name: Schema.databasePlaceholder, options: OptionList(group))))
            }
        }
        out += namedSchemas.keys.sorted().map { .createSchema(CreateSchema(name: namedSchemas[$0]!)) }
        if let protoTypes { out.append(.createProtoBundle(CreateProtoBundle(types: protoTypes))) }
        out += placements.keys.sorted().map { .createPlacement(placements[$0]!) }
        out += localityGroups.keys.sorted().map { .createLocalityGroup(localityGroups[$0]!) }
        out += sequences.keys.sorted().map { key in
            var sequence = sequences[key]!
            sequence.ifNotExists = false
            return .createSequence(sequence)
        }
        // Functions that read no table come before the tables whose expressions may call them.
        let allFunctions = functions.keys.sorted().map { functions[$0]! }
        let readsRelations: (CreateFunction) -> Bool = { !($0.body?.references.relations.isEmpty ?? true) }
        out += Self.functionOrder(allFunctions.filter { !readsRelations($0) }).map(Statement.createFunction)
        let ordered = tables.keys.sorted { a, b in
            let da = interleaveDepth(of: tables[a]!), db = interleaveDepth(of: tables[b]!)
            return da != db ? da < db : a < b
        }
        var created = Set<NameKey>()
        var laterKeys: [Statement] = []
        for key in ordered {
            var statement = tables[key]!.createStatement
            statement.constraints = statement.constraints.filter { constraint in
                guard case .foreignKey(let foreignKey) = constraint else { return true }
                let target = NameKey(foreignKey.referencedTable)
                if target == key || created.contains(target) { return true }
                laterKeys.append(.alterTable(AlterTable(name: statement.name, action: .addConstraint(constraint))))
                return false
            }
            created.insert(key)
            out.append(.createTable(statement))
        }
        out += laterKeys
        out += indexes.keys.sorted().map { indexes[$0]!.statement }
        out += changeStreams.keys.sorted().map { .createChangeStream(changeStreams[$0]!) }
        out += models.keys.sorted().map { .createModel(models[$0]!) }
        out += Self.functionOrder(allFunctions.filter(readsRelations)).map(Statement.createFunction)
        out += Self.viewOrder(views.keys.sorted().map { views[$0]! }).map(Statement.createView)
        out += propertyGraphs.keys.sorted().map { .createPropertyGraph(propertyGraphs[$0]!) }
        out += roles.keys.sorted().map { .createRole(roles[$0]!) }
        out += grants.sorted { "\($0)" < "\($1)" }.compactMap { grantStatement(for: $0).map(Statement.grant) }
        out += unmodeled.map(Statement.opaque)
        return out
    }

    /// The name `ALTER DATABASE` statements carry when Ratchet writes them. A database's ID
    /// differs between environments (and the model does not keep it), so the live runner sends
    /// every `ALTER DATABASE` to the database it runs against, whatever name the statement has.
    public static let databasePlaceholder = Identifier("db")

    /// The GRANT that gives `entry`, with the objects' written names; nil when the role is gone.
    public func grantStatement(for entry: GrantEntry) -> Grant? {
        guard let grantee = roles[entry.grantee] else { return nil }
        switch entry.subject {
        case .role(let role):
            guard let name = roles[role] else { return nil }
            return Grant(what: .roles([name]), roles: [grantee])
        case .privilege(let action, let kind, let object, let column):
            let objectName = displayName(object, kind: kind)
            let columnName = column.flatMap { c in tables[object]?.columns.first { NameKey($0.name) == c }?.name }
            return Grant(what: .privileges([Privilege(action: action, columns: columnName.map { [$0] })], on: PrivilegeTarget(kind: kind, names: [objectName])), roles: [grantee])
        }
    }

    private func displayName(_ key: NameKey, kind: PrivilegeTarget.Kind) -> ObjectName {
        switch kind {
        case .table: tables[key]?.name ?? ObjectName(Identifier(key.value))
        case .view: views[key]?.name ?? ObjectName(Identifier(key.value))
        case .changeStream: changeStreams[key]?.name ?? ObjectName(Identifier(key.value))
        case .sequence: sequences[key]?.name ?? ObjectName(Identifier(key.value))
        case .model: models[key]?.name ?? ObjectName(Identifier(key.value))
        case .schema: namedSchemas[key].map { ObjectName($0) } ?? ObjectName(Identifier(key.value))
        case .tableFunction: tableFunctionNames[key] ?? ObjectName(Identifier(key.value))
        }
    }
}
