// MARK: - Statement dispatch

extension Parser {
    /// Parses the whole statement. Unknown kinds after a known verb become `.opaque` with a
    /// warning in `warning`; DML becomes `.dml`.
    mutating func parseStatement(warning: inout DDLDiagnostic?) throws(DDLDiagnostic) -> Statement {
        if dialect == .postgreSQL { return try parsePostgreSQLStatement(warning: &warning) }
        let first = peek()
        let statement: Statement
        switch first.keyword {
        case .create: statement = try parseCreate(warning: &warning)
        case .alter: statement = try parseAlter(warning: &warning)
        case .drop: statement = try parseDrop(warning: &warning)
        case .rename:
            consume()
            try expect(.table)
            statement = .renameTable(try parseRenameTable())
        case .grant:
            consume()
            statement = .grant(try parseGrantBody(isRevoke: false))
        case .revoke:
            consume()
            statement = .revoke(try parseGrantBody(isRevoke: true))
        case .analyze:
            consume()
            statement = .analyze
        default:
            statement = try parseDMLOrFail(expecting: "a DDL statement (CREATE, ALTER, DROP, RENAME, GRANT, REVOKE, ANALYZE) or DML")
        }
        try expectEnd()
        return statement
    }

    /// DML kept as canonical tokens, or the error for a statement that starts with no known
    /// verb (with the closest verb, when one is close).
    mutating func parseDMLOrFail(expecting what: String) throws(DDLDiagnostic) -> Statement {
        let first = peek()
        if let keyword = first.keyword, [.insert, .update, .delete].contains(keyword) {
            return .dml(RawStatement(kind: keyword.rawValue, text: try parseRemainder("a DML statement", uppercasing: Keyword.dmlWords)))
        }
        var error = unexpected(what)
        if first.kind == .identifier, let close = StatementKinds.closest(to: text(first).uppercased(), among: StatementKinds.verbs) {
            error.message += "; did you mean \(close)?"
        }
        throw error
    }

    /// Keeps the statement as canonical tokens and reports that Ratchet does not model it.
    ///
    /// The kind is read from the canonical text, not the source, so that it survives a round trip
    /// that unquotes an identifier.
    mutating func parseOpaque(kindWords: Int, warning: inout DDLDiagnostic?) throws(DDLDiagnostic) -> Statement {
        let start = tokens[0].start
        rewind()
        let text = try parseRemainder("a statement")
        let kind = Self.leadingWords(of: text.text, count: kindWords)
        warning = .unmodeled(kind, at: start)
        return .opaque(RawStatement(kind: kind, text: text))
    }

    /// Up to `count` leading bare words of canonical text, upper-cased and space-separated.
    static func leadingWords(of text: String, count: Int) -> String {
        var words: [String] = []
        for word in text.split(separator: " ", maxSplits: count, omittingEmptySubsequences: true).prefix(count) {
            guard
                word.utf8.allSatisfy({ b in
                    (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                        || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")
                })
            else { break }
            words.append(word.uppercased())
        }
        return words.joined(separator: " ")
    }

    // MARK: CREATE

    private mutating func parseCreate(warning: inout DDLDiagnostic?) throws(DDLDiagnostic) -> Statement {
        try expect(.create)
        var orReplace = false
        if consume(.or) {
            try expect(.replace)
            orReplace = true
        }
        switch peek().keyword {
        case .view:
            consume()
            return .createView(try parseCreateView(orReplace: orReplace))
        case .model:
            consume()
            return .createModel(try parseCreateModel(orReplace: orReplace))
        case .property where peek(1).keyword == .graph:
            consume()
            consume()
            return .createPropertyGraph(try parseCreatePropertyGraph(orReplace: orReplace))
        case .function:
            consume()
            return .createFunction(try parseCreateFunction(orReplace: orReplace))
        default:
            break
        }
        if orReplace {
            throw unknownStatement(verb: "CREATE OR REPLACE", kinds: StatementKinds.createOrReplace)
        }
        switch peek().keyword {
        case .table:
            consume()
            return .createTable(try parseCreateTable())
        case .unique, .nullFiltered, .index:
            return .createIndex(try parseCreateIndex())
        case .search where peek(1).keyword == .index:
            consume()
            consume()
            return .createSearchIndex(try parseCreateSearchIndex())
        case .vector where peek(1).keyword == .index:
            consume()
            consume()
            return .createVectorIndex(try parseCreateVectorIndex())
        case .change where peek(1).keyword == .stream:
            consume()
            consume()
            return .createChangeStream(try parseCreateChangeStream())
        case .sequence:
            consume()
            return .createSequence(try parseCreateSequence())
        case .role:
            consume()
            return .createRole(try parseIdentifier("a role name"))
        case .schema:
            consume()
            let ifNotExists = try parseIfNotExists()
            return .createSchema(CreateSchema(name: try parseIdentifier("a schema name"), ifNotExists: ifNotExists))
        case .proto where peek(1).keyword == .bundle:
            consume()
            consume()
            return .createProtoBundle(CreateProtoBundle(types: try parseProtoTypeList()))
        case .placement:
            consume()
            return .createPlacement(try parseCreateOptionsObject("a placement name"))
        case .locality where peek(1).keyword == .group:
            consume()
            consume()
            return .createLocalityGroup(try parseCreateOptionsObject("a locality group name"))
        default:
            throw unknownStatement(verb: "CREATE", kinds: StatementKinds.create)
        }
    }

    // MARK: ALTER

    private mutating func parseAlter(warning: inout DDLDiagnostic?) throws(DDLDiagnostic) -> Statement {
        try expect(.alter)
        switch peek().keyword {
        case .table:
            consume()
            return .alterTable(try parseAlterTable())
        case .index:
            consume()
            return .alterIndex(try parseAlterIndex(kind: .index))
        case .search where peek(1).keyword == .index:
            consume()
            consume()
            return .alterIndex(try parseAlterIndex(kind: .search))
        case .vector where peek(1).keyword == .index:
            consume()
            consume()
            return .alterIndex(try parseAlterIndex(kind: .vector))
        case .change where peek(1).keyword == .stream:
            consume()
            consume()
            return .alterChangeStream(try parseAlterChangeStream())
        case .sequence:
            consume()
            return .alterSequence(try parseAlterSequence())
        case .database:
            consume()
            let name = try parseIdentifier("a database name")
            try expect(.set)
            return .alterDatabase(AlterDatabase(name: name, options: try parseOptions()))
        case .model:
            consume()
            return .alterModel(try parseAlterOptionsObject("a model name"))
        case .proto where peek(1).keyword == .bundle:
            consume()
            consume()
            return .alterProtoBundle(try parseAlterProtoBundle())
        case .placement:
            consume()
            return .alterPlacement(try parseAlterOptionsObject("a placement name"))
        case .locality where peek(1).keyword == .group:
            consume()
            consume()
            return .alterLocalityGroup(try parseAlterOptionsObject("a locality group name"))
        case .statistics:
            consume()
            let name = try parseObjectName("a statistics package name")
            try expect(.set)
            return .alterStatistics(AlterStatistics(name: name, options: try parseOptions()))
        case .schema:
            // ALTER SCHEMA exists in Spanner's grammar but changes nothing Ratchet models.
            return try parseOpaque(kindWords: 2, warning: &warning)
        default:
            throw unknownStatement(verb: "ALTER", kinds: StatementKinds.alter)
        }
    }

    // MARK: DROP

    private mutating func parseDrop(warning: inout DDLDiagnostic?) throws(DDLDiagnostic) -> Statement {
        try expect(.drop)
        let kind: Drop.Kind
        switch peek().keyword {
        case .table: kind = .table
        case .index: kind = .index
        case .search where peek(1).keyword == .index: kind = .searchIndex
        case .vector where peek(1).keyword == .index: kind = .vectorIndex
        case .view: kind = .view
        case .change where peek(1).keyword == .stream: kind = .changeStream
        case .sequence: kind = .sequence
        case .role: kind = .role
        case .schema: kind = .schema
        case .model: kind = .model
        case .proto where peek(1).keyword == .bundle: kind = .protoBundle
        case .placement: kind = .placement
        case .locality where peek(1).keyword == .group: kind = .localityGroup
        case .property where peek(1).keyword == .graph: kind = .propertyGraph
        case .function: kind = .function
        default:
            throw unknownStatement(verb: "DROP", kinds: StatementKinds.drop)
        }
        consume()
        if kind.rawValue.contains(" ") { consume() }
        if kind == .protoBundle { return .drop(Drop(kind: kind, name: nil)) }
        let ifExists = try parseIfExists()
        if kind == .localityGroup, consume(.default) { return .drop(Drop(kind: kind, ifExists: ifExists, name: ObjectName([Identifier("default")]))) }
        let what = "\(kind == .index ? "an" : "a") \(kind.rawValue.lowercased()) name"
        return .drop(Drop(kind: kind, ifExists: ifExists, name: try parseObjectName(what)))
    }

    // MARK: RENAME TABLE

    private mutating func parseRenameTable() throws(DDLDiagnostic) -> RenameTable {
        var renames: [RenameTable.Rename] = []
        repeat {
            let from = try parseObjectName("a table name")
            try expect(.to)
            renames.append(RenameTable.Rename(from: from, to: try parseObjectName("a new table name")))
        } while consume(.comma)
        return RenameTable(renames: renames)
    }
}
