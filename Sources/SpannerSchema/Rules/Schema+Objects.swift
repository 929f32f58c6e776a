import SpannerDDL

// MARK: - Views, change streams, sequences and the other named objects

extension Schema {
    mutating func createView(_ view: CreateView, limits: SchemaLimits) throws(SchemaError) {
        let key = NameKey(view.name)
        if views[key] != nil {
            guard view.orReplace else { throw .duplicate("view", view.name) }
        } else {
            try checkNameIsFree(view.name, kind: "view", limits: limits)
            guard views.count < limits.views else { throw .limit("a database holds at most \(limits.views) views") }
        }
        guard view.security != nil else {
            throw SchemaError(kind: .invalidColumn, message: "view \(view.name) needs SQL SECURITY INVOKER or DEFINER")
        }
        if functions[key] != nil { throw .duplicate("view", view.name, existing: "function") }
        if view.name.parts.count == 1, BuiltinFunctions.contains(view.name.base.name) {
            throw SchemaError(kind: .duplicateName, message: "view \(view.name) has the name of a built-in function; choose another name")
        }
        let references = view.query.references
        try validateBody(references, of: "view \(view.name)", allowStar: false)
        if views[key] != nil, references.relations.contains(where: { NameKey($0) == key }) {
            throw .body("view \(view.name) would read itself")
        }
        views[key] = view
    }

    mutating func createChangeStream(_ stream: CreateChangeStream, limits: SchemaLimits) throws(SchemaError) {
        if stream.ifNotExists, changeStreams[NameKey(stream.name)] != nil { return }
        try checkNameIsFree(stream.name, kind: "change stream", limits: limits)
        try validateChangeStreamOptions(stream.options, name: stream.name)
        guard changeStreams.count < limits.changeStreams else { throw .limit("a database holds at most \(limits.changeStreams) change streams") }
        if let watch = stream.watch { try validateWatch(watch, stream: stream.name) }
        try checkStreamsPerTable(adding: stream)
        changeStreams[NameKey(stream.name)] = stream
    }

    private func validateWatch(_ watch: ChangeStreamWatch, stream: ObjectName) throws(SchemaError) {
        guard case .tables(let watched) = watch else { return }
        for entry in watched {
            guard let table = self.table(entry.table) else { throw .unknown("table", entry.table) }
            for column in entry.columns ?? [] {
                guard table.column(column) != nil else { throw .unknownColumn(column, in: table.name, context: "change stream \(stream)") }
                guard !table.isKeyColumn(column) else {
                    throw SchemaError(kind: .invalidColumn, message: "change stream \(stream): key column \(table.name).\(column) is always tracked; do not list it")
                }
            }
        }
    }

    mutating func alterChangeStream(_ alter: AlterChangeStream) throws(SchemaError) {
        let key = NameKey(alter.name)
        guard var stream = changeStreams[key] else { throw .unknown("change stream", alter.name) }
        switch alter.action {
        case .setFor(let watch):
            try validateWatch(watch, stream: stream.name)
            stream.watch = watch
            try checkStreamsPerTable(adding: stream)
        case .dropForAll:
            stream.watch = nil
        case .setOptions(let options):
            try validateChangeStreamOptions(options, name: stream.name)
            stream.options = merged(stream.options, options)
        }
        changeStreams[key] = stream
    }

    mutating func createSequence(_ sequence: CreateSequence) throws(SchemaError) {
        if sequence.ifNotExists && sequences[NameKey(sequence.name)] != nil { return }
        try checkNameIsFree(sequence.name, kind: "sequence", limits: .production)
        if !sequence.clauses.isEmpty, sequence.options != nil {
            throw .option("sequence \(sequence.name) is given both clauses and OPTIONS; use one form")
        }
        try Self.checkSequenceClauses(sequence.clauses, of: "sequence \(sequence.name)")
        if let options = sequence.options { try validateSequenceOptions(options, current: nil, name: sequence.name) }
        let hasKind = sequence.clauses.kind != nil || sequence.options?["sequence_kind"] != nil
        guard hasKind || hasDefaultSequenceKind else {
            throw .option("sequence \(sequence.name) needs a kind (BIT_REVERSED_POSITIVE), or the database option default_sequence_kind")
        }
        sequences[NameKey(sequence.name)] = sequence
    }

    mutating func alterSequence(_ alter: AlterSequence) throws(SchemaError) {
        let key = NameKey(alter.name)
        guard var sequence = sequences[key] else {
            if alter.ifExists { return }
            throw .unknown("sequence", alter.name)
        }
        switch alter.action {
        case .setOptions(let options):
            guard sequence.clauses.isEmpty else {
                throw .option("sequence \(sequence.name) was created with clauses; alter it with SKIP RANGE or RESTART COUNTER WITH, not SET OPTIONS")
            }
            try validateSequenceOptions(options, current: sequence, name: sequence.name)
            sequence.options = merged(sequence.options, options)
        case .alter(let skipRange, let restart):
            guard sequence.options == nil else {
                throw .option("sequence \(sequence.name) was created with OPTIONS; alter it with SET OPTIONS")
            }
            if case .set(let range)? = skipRange { try Self.checkSkipRange(min: range.min, max: range.max, of: "sequence \(sequence.name)") }
            if let restart, restart < 1 { throw .option("the counter of sequence \(sequence.name) must restart at 1 or more") }
            switch skipRange {
            case .set(let range)?: sequence.clauses.skipRange = range
            case .remove?: sequence.clauses.skipRange = nil
            case nil: break
            }
            if let restart { sequence.clauses.startCounter = restart }
        }
        sequences[key] = sequence
    }

    static let reservedSchemaNames: Set<String> = [
        "INFORMATION_SCHEMA", "SAFE", "AEAD", "KLL_QUANTILES", "KEYS", "HLL_COUNT", "NET", "ML", "SPANNER_PLACEMENT",
        "SPANNER_SYS", "PG_INFORMATION_SCHEMA", "PG_CATALOG", "PG", "PUBLIC", "DEFINITION_SCHEMA", "DEFAULT", "SPANNER",
    ]

    mutating func createNamedSchema(_ schema: CreateSchema) throws(SchemaError) {
        let key = NameKey(schema.name)
        try Self.checkObjectName(schema.name.name, kind: "schema")
        let upper = schema.name.name.uppercased()
        if Self.reservedSchemaNames.contains(upper) || upper.hasPrefix("SPANNER_") || upper.hasPrefix("PG_") {
            throw SchemaError(kind: .duplicateName, message: "schema name \(schema.name) is reserved by Spanner; choose another")
        }
        if namedSchemas[key] != nil {
            if schema.ifNotExists { return }
            throw .duplicate("schema", schema.name)
        }
        namedSchemas[key] = schema.name
    }

    mutating func createModel(_ model: CreateModel) throws(SchemaError) {
        let key = NameKey(model.name)
        guard model.remote else {
            throw SchemaError(kind: .invalidColumn, message: "model \(model.name) must be REMOTE: Spanner serves models from Vertex AI endpoints only")
        }
        if models[key] != nil {
            if model.ifNotExists { return }
            guard model.orReplace else { throw .duplicate("model", model.name) }
        } else {
            try checkNameIsFree(model.name, kind: "model", limits: .production)
        }
        try validateModelOptions(model.options, name: model.name)
        for column in (model.input ?? []) + (model.output ?? []) {
            try checkProtoType(column.type, of: "model \(model.name) column \(column.name)")
        }
        models[key] = model
    }

    /// Model options: `endpoint` or `endpoints` (strings), `default_batch_size` (a positive integer).
    func validateModelOptions(_ options: OptionList?, name: ObjectName) throws(SchemaError) {
        try checkNoDuplicateOptions(options, on: "model \(name)")
        for option in options?.entries ?? [] {
            switch option.name.name.lowercased() {
            case "endpoint":
                guard option.value.stringLiteral != nil || option.value.isNullLiteral else { throw .option("endpoint of model \(name) must be a string") }
            case "endpoints":
                guard option.value.text.hasPrefix("[") || option.value.isNullLiteral else { throw .option("endpoints of model \(name) must be a list of strings") }
            case "default_batch_size":
                guard option.value.isNullLiteral || (option.value.integerLiteral ?? 0) > 0 else { throw .option("default_batch_size of model \(name) must be a positive integer") }
            default:
                throw .option("model \(name) has no option \(option.name); it takes endpoint, endpoints and default_batch_size")
            }
        }
    }

    mutating func alterModel(_ alter: AlterOptionsObject) throws(SchemaError) {
        try validateModelOptions(alter.options, name: alter.name)
        let key = NameKey(alter.name)
        guard var model = models[key] else {
            if alter.ifExists { return }
            throw .unknown("model", alter.name)
        }
        model.options = merged(model.options, alter.options)
        models[key] = model
    }

    mutating func createProtoBundle(_ bundle: CreateProtoBundle) throws(SchemaError) {
        guard protoTypes == nil else { throw .duplicate("proto bundle", "", existing: nil) }
        protoTypes = bundle.types
    }

    mutating func alterProtoBundle(_ alter: AlterProtoBundle) throws(SchemaError) {
        guard var types = protoTypes else { throw .unknown("proto bundle", "(none created)") }
        for name in alter.delete {
            guard let i = types.firstIndex(where: { $0.matches(name) }) else { throw .unknown("proto type", name) }
            types.remove(at: i)
        }
        for name in alter.update where !types.contains(where: { $0.matches(name) }) { throw .unknown("proto type", name) }
        for name in alter.insert {
            guard !types.contains(where: { $0.matches(name) }) else { throw .duplicate("proto type", name) }
            types.append(name)
        }
        protoTypes = types
    }

    mutating func createNamed(_ object: CreateOptionsObject, in storage: WritableKeyPath<Schema, [NameKey: CreateOptionsObject]>, kind: String) throws(SchemaError) {
        let key = NameKey(object.name)
        if self[keyPath: storage][key] != nil {
            if object.ifNotExists { return }
            throw .duplicate(kind, object.name)
        }
        self[keyPath: storage][key] = object
    }

    mutating func alterNamed(_ alter: AlterOptionsObject, in storage: WritableKeyPath<Schema, [NameKey: CreateOptionsObject]>, kind: String) throws(SchemaError) {
        let key = NameKey(alter.name)
        guard var object = self[keyPath: storage][key] else {
            if alter.ifExists { return }
            throw .unknown(kind, alter.name)
        }
        object.options = merged(object.options, alter.options)
        self[keyPath: storage][key] = object
    }

    mutating func createLocalityGroup(_ group: CreateOptionsObject) throws(SchemaError) {
        guard NameKey(group.name) != NameKey(Identifier("default")) else {
            throw .duplicate("locality group", group.name, existing: "built-in locality group")
        }
        try Self.checkObjectName(group.name.name, kind: "locality group")
        try validateLocalityGroupOptions(group.options, name: group.name)
        try createNamed(group, in: \.localityGroups, kind: "locality group")
    }

    /// The `default` locality group always exists and may be altered without being created.
    mutating func alterLocalityGroup(_ alter: AlterOptionsObject) throws(SchemaError) {
        try validateLocalityGroupOptions(alter.options, name: alter.name)
        let key = NameKey(alter.name)
        if localityGroups[key] == nil, key == NameKey(Identifier("default")) {
            localityGroups[key] = CreateOptionsObject(name: Identifier("default"))
        }
        try alterNamed(alter, in: \.localityGroups, kind: "locality group")
    }

    mutating func createPropertyGraph(_ graph: CreatePropertyGraph) throws(SchemaError) {
        let key = NameKey(graph.name)
        if propertyGraphs[key] != nil {
            if graph.ifNotExists { return }
            guard graph.orReplace else { throw .duplicate("property graph", graph.name) }
        } else {
            try checkNameIsFree(graph.name, kind: "property graph", limits: .production)
        }
        let parts = graph.body.graphElements
        for table in parts.tables where tables[NameKey(table)] == nil && views[NameKey(table)] == nil {
            throw .body("property graph \(graph.name) is built on \(table), which is not a table or view")
        }
        let elementKeys = Set(parts.elements.map(NameKey.init))
        for target in parts.referenced where !elementKeys.contains(NameKey(target)) {
            throw .body("property graph \(graph.name): an edge references \(target), which is not one of its node tables")
        }
        propertyGraphs[key] = graph
    }

    mutating func createRole(_ role: Identifier) throws(SchemaError) {
        let key = NameKey(role)
        guard roles[key] == nil else { throw .duplicate("role", role) }
        roles[key] = role
    }

    mutating func applyGrant(_ grant: Grant, revoke: Bool) throws(SchemaError) {
        for role in grant.roles where roles[NameKey(role)] == nil { throw .unknown("role", role) }
        var subjects: [GrantEntry.Subject] = []
        switch grant.what {
        case .roles(let granted):
            for role in granted {
                guard roles[NameKey(role)] != nil else { throw .unknown("role", role) }
                subjects.append(.role(NameKey(role)))
            }
        case .privileges(let privileges, let target):
            for name in target.names {
                try checkGrantTarget(name, kind: target.kind)
                if target.kind == .tableFunction, !revoke { tableFunctionNames[NameKey(name)] = name }
                for privilege in privileges {
                    if let columns = privilege.columns {
                        for column in columns {
                            if let table = table(name), table.column(column) == nil {
                                throw .unknownColumn(column, in: table.name, context: "\(revoke ? "REVOKE" : "GRANT") \(privilege.action.rawValue)")
                            }
                            subjects.append(.privilege(privilege.action, target: target.kind, object: NameKey(name), column: NameKey(column)))
                        }
                    } else {
                        subjects.append(.privilege(privilege.action, target: target.kind, object: NameKey(name), column: nil))
                    }
                }
            }
        }
        for role in grant.roles {
            for subject in subjects {
                let entry = GrantEntry(subject: subject, grantee: NameKey(role))
                if revoke { grants.remove(entry) } else { grants.insert(entry) }
            }
        }
    }

    private func checkGrantTarget(_ name: ObjectName, kind: PrivilegeTarget.Kind) throws(SchemaError) {
        let key = NameKey(name)
        switch kind {
        case .table: if tables[key] == nil { throw .unknown("table", name) }
        case .view: if views[key] == nil { throw .unknown("view", name) }
        case .changeStream: if changeStreams[key] == nil { throw .unknown("change stream", name) }
        case .schema: if namedSchemas[key] == nil { throw .unknown("schema", name) }
        case .sequence: if sequences[key] == nil { throw .unknown("sequence", name) }
        case .model: if models[key] == nil { throw .unknown("model", name) }
        case .tableFunction: break  // READ_<stream> functions are implicit.
        }
    }

    mutating func alterDatabase(_ alter: AlterDatabase) throws(SchemaError) {
        try validateDatabaseOptions(alter.options)
        for option in alter.options.entries {
            let name = option.name.name.lowercased()
            if option.value.text == "NULL" { databaseOptions[name] = nil } else { databaseOptions[name] = option.value }
        }
    }
}

// MARK: - Change streams per table

extension Schema {
    /// At most three change streams may watch one table (FOR ALL counts for every table).
    func checkStreamsPerTable(adding stream: CreateChangeStream) throws(SchemaError) {
        let limit = 3
        let others = changeStreams.values.filter { NameKey($0.name) != NameKey(stream.name) }
        func watches(_ s: CreateChangeStream, _ table: NameKey) -> Bool {
            switch s.watch {
            case .all?: true
            // A stream that tracks only the key columns (`FOR t()`) does not count.
            case .tables(let watched)?: watched.contains { NameKey($0.table) == table && $0.columns?.isEmpty != true }
            case nil: false
            }
        }
        let tablesWatched: [NameKey]
        switch stream.watch {
        case .all?: tablesWatched = Array(tables.keys)
        case .tables(let watched)?: tablesWatched = watched.filter { $0.columns?.isEmpty != true }.map { NameKey($0.table) }
        case nil: return
        }
        if case .all? = stream.watch, others.filter({ if case .all? = $0.watch { true } else { false } }).count >= limit {
            throw .limit("at most \(limit) change streams may watch FOR ALL")
        }
        for table in tablesWatched where others.filter({ watches($0, table) }).count >= limit {
            throw .limit("table \(tables[table]?.name.description ?? table.value) is already watched by \(limit) change streams, the most Spanner allows")
        }
    }
}
