import SpannerDDL

// MARK: - Applying statements

extension Schema {
    /// Applies one statement with Spanner's rules, or throws and leaves the schema unchanged.
    ///
    /// DML changes no schema and is accepted as is.
    ///
    /// Every handler below checks everything before it changes anything, so a rejected
    /// statement leaves no trace without copying the schema first (a copy per statement made
    /// loading a 5,000-table schema quadratic).
    public mutating func apply(_ statement: Statement, limits: SchemaLimits = .production) throws(SchemaError) {
        do {
            if dialect == .postgreSQL { try checkPostgreSQL(statement) }
            try applyUnchecked(statement, limits: limits)
        } catch var error {
            if error.statement == nil { error.statement = DDLPrinter.sql(statement, dialect: dialect) }
            throw error
        }
    }

    /// Applies statements in order; stops at the first rejected one, leaving the earlier applied.
    public mutating func apply(_ statements: [Statement], limits: SchemaLimits = .production) throws(SchemaError) {
        for statement in statements { try apply(statement, limits: limits) }
    }

    private mutating func applyUnchecked(_ statement: Statement, limits: SchemaLimits) throws(SchemaError) {
        switch statement {
        case .createTable(let create): try createTable(create, limits: limits)
        case .alterTable(let alter): try alterTable(alter, limits: limits)
        case .renameTable(let rename): try renameTables(rename)
        case .createIndex(let index): try createIndex(.standard(index), ifNotExists: index.ifNotExists, limits: limits)
        case .createSearchIndex(let index): try createIndex(.search(index), ifNotExists: index.ifNotExists, limits: limits)
        case .createVectorIndex(let index): try createIndex(.vector(index), ifNotExists: index.ifNotExists, limits: limits)
        case .alterIndex(let alter): try alterIndex(alter)
        case .createView(let view): try createView(view, limits: limits)
        case .createChangeStream(let stream): try createChangeStream(stream, limits: limits)
        case .alterChangeStream(let alter): try alterChangeStream(alter)
        case .createSequence(let sequence): try createSequence(sequence)
        case .alterSequence(let alter): try alterSequence(alter)
        case .createSchema(let schema): try createNamedSchema(schema)
        case .createModel(let model): try createModel(model)
        case .alterModel(let alter): try alterModel(alter)
        case .createProtoBundle(let bundle): try createProtoBundle(bundle)
        case .alterProtoBundle(let alter): try alterProtoBundle(alter)
        case .createPlacement(let placement): try createNamed(placement, in: \.placements, kind: "placement")
        case .alterPlacement(let alter): try alterNamed(alter, in: \.placements, kind: "placement")
        case .createLocalityGroup(let group): try createLocalityGroup(group)
        case .alterLocalityGroup(let alter): try alterLocalityGroup(alter)
        case .createPropertyGraph(let graph): try createPropertyGraph(graph)
        case .createFunction(let function): try createFunction(function)
        case .createRole(let role): try createRole(role)
        case .grant(let grant): try applyGrant(grant, revoke: false)
        case .revoke(let grant): try applyGrant(grant, revoke: true)
        case .alterDatabase(let alter): try alterDatabase(alter)
        case .alterStatistics, .analyze, .dml: break
        case .drop(let drop): try self.drop(drop)
        case .opaque(let raw): unmodeled.append(raw)
        }
    }

    // MARK: Shared checks

    /// Spanner's names begin with an ASCII letter and hold only letters, digits and underscores.
    static func checkObjectName(_ name: String, kind: String) throws(SchemaError) {
        guard let first = name.utf8.first, (first | 0x20) >= UInt8(ascii: "a"), (first | 0x20) <= UInt8(ascii: "z") else {
            throw SchemaError(kind: .invalidColumn, message: "\(kind) name \(name) must begin with a letter")
        }
        for byte in name.utf8 {
            let letter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            guard letter || digit || byte == UInt8(ascii: "_") else {
                throw SchemaError(kind: .invalidColumn, message: "\(kind) name \(name) may hold only letters, digits and underscores")
            }
        }
    }

    func checkNameIsFree(_ name: ObjectName, kind: String, limits: SchemaLimits) throws(SchemaError) {
        for part in name.parts where part.name.utf8.count > limits.identifierLength || part.name.isEmpty {
            throw SchemaError(kind: .invalidColumn, message: "\(kind) name \(part) must be 1 to \(limits.identifierLength) characters")
        }
        for part in name.parts { try Self.checkObjectName(part.name, kind: kind) }
        if let existing = objectKind(named: name) { throw .duplicate(kind, name, existing: existing) }
        if name.parts.count > 1 {
            // Spanner allows only these kinds inside a named schema.
            guard ["table", "view", "sequence", "index", "function", "property graph", "synonym"].contains(kind) else {
                throw SchemaError(kind: .unknownObject, message: "a \(kind) cannot be created in a named schema; name it without a schema prefix")
            }
            if namedSchemas[NameKey(name.parts[0])] == nil { throw .unknown("schema", name.parts[0]) }
        }
    }
}
