// MARK: - PostgreSQL statements

extension Parser {
    /// A statement in Spanner's PostgreSQL dialect, into the same syntax tree as GoogleSQL.
    ///
    /// Constructs PostgreSQL has but Spanner refuses (`UNIQUE` constraints, `INHERITS`,
    /// tablespaces, `CONCURRENTLY`, ...) are errors that name the construct, as Spanner's are.
    mutating func parsePostgreSQLStatement(warning: inout DDLDiagnostic?) throws(DDLDiagnostic) -> Statement {
        let first = peek()
        let statement: Statement
        switch first.keyword {
        case .create: statement = try parsePostgreSQLCreate()
        case .alter: statement = try parsePostgreSQLAlter()
        case .drop: statement = try parsePostgreSQLDrop()
        case .grant:
            consume()
            statement = .grant(try parsePostgreSQLGrantBody(isRevoke: false))
        case .revoke:
            consume()
            statement = .revoke(try parsePostgreSQLGrantBody(isRevoke: true))
        case .analyze:
            consume()
            statement = .analyze
        default:
            statement = try parseDMLOrFail(expecting: "a DDL statement (CREATE, ALTER, DROP, GRANT, REVOKE, ANALYZE) or DML")
        }
        try expectEnd()
        return statement
    }

    // MARK: Names

    /// A name: a bare word folded to lower case, or a `"quoted"` one kept as written.
    mutating func parsePostgreSQLIdentifier(_ what: String) throws(DDLDiagnostic) -> Identifier {
        let token = peek()
        switch token.kind {
        case .identifier:
            let lowered = text(token).lowercased()
            if PostgreSQLKeywords.isReserved(lowered) {
                throw DDLDiagnostic.expected(
                    what, found: "reserved keyword '\(lowered.uppercased())' (quote it with double quotes to use it as a name)", at: token.start)
            }
            consume()
            return Identifier(lowered)
        case .quotedIdentifier:
            consume()
            return Identifier(String(decoding: Literal.decode(token, in: buffer, dialect: .postgreSQL), as: UTF8.self))
        default:
            throw unexpected(what)
        }
    }

    func atPostgreSQLIdentifier() -> Bool {
        let token = peek()
        return token.kind == .quotedIdentifier || (token.kind == .identifier && !PostgreSQLKeywords.isReserved(text(token).lowercased()))
    }

    /// `name` or `schema.name`; the default schema `public` is left out, as Spanner prints it.
    mutating func parsePostgreSQLObjectName(_ what: String) throws(DDLDiagnostic) -> ObjectName {
        var parts = [try parsePostgreSQLIdentifier(what)]
        while at(.dot) {
            consume()
            let token = peek()
            if token.kind == .identifier {
                consume()
                parts.append(Identifier(text(token).lowercased()))
            } else {
                parts.append(try parsePostgreSQLIdentifier(what))
            }
        }
        if parts.count > 1 && parts[0].name == "public" { parts.removeFirst() }
        return ObjectName(parts)
    }

    /// Whether the next token is the bare word `word` (lower case), keyword or not.
    func atWord(_ word: String) -> Bool {
        peek().kind == .identifier && text(peek()).lowercased() == word
    }

    /// An error for PostgreSQL syntax that Spanner does not support.
    func unsupported(_ construct: String, at offset: Int, instead: String? = nil) -> DDLDiagnostic {
        var message = "\(construct) is not supported by Spanner's PostgreSQL dialect"
        if let instead { message += "; \(instead)" }
        return DDLDiagnostic(kind: .unsupportedConstruct, message: message, offset: offset)
    }

    /// `(a [ASC|DESC] [NULLS FIRST|LAST], ...)`, an index's key in PostgreSQL order semantics.
    mutating func parsePostgreSQLKeyParts() throws(DDLDiagnostic) -> [KeyPart] {
        try expect(.leftParen, "'('")
        var parts: [KeyPart] = []
        repeat {
            let column = try parseIdentifier("a column name")
            var descending = false
            if consume(.desc) {
                descending = true
            } else {
                _ = consume(.asc)
            }
            // PostgreSQL sorts NULLs last ascending and first descending unless told otherwise.
            var nulls: KeyPart.NullsOrder = descending ? .first : .last
            if consume(.nulls) {
                if consumeWord("first") {
                    nulls = .first
                } else if consumeWord("last") {
                    nulls = .last
                } else {
                    throw unexpected("FIRST or LAST")
                }
            }
            parts.append(KeyPart(column: column, descending: descending, nulls: nulls))
        } while consume(.comma)
        try expect(.rightParen, "',' or ')'")
        return parts
    }

    /// `WITH (name = value, ...)`: PostgreSQL's option list, into the shared option list.
    mutating func parsePostgreSQLWithOptions() throws(DDLDiagnostic) -> OptionList {
        try expect(.with)
        return try parseOptionEntries()
    }

    // MARK: CREATE

    private mutating func parsePostgreSQLCreate() throws(DDLDiagnostic) -> Statement {
        try expect(.create)
        var orReplace = false
        if consume(.or) {
            try expect(.replace)
            orReplace = true
        }
        let start = peek().start
        if atWord("temp") || atWord("temporary") || atWord("unlogged") {
            throw unsupported("TEMP/TEMPORARY or UNLOGGED objects", at: start)
        }
        if at(.view) {
            consume()
            return .createView(try parsePostgreSQLCreateView(orReplace: orReplace))
        }
        if orReplace { throw unknownStatement(verb: "CREATE OR REPLACE", kinds: ["VIEW"]) }
        switch peek().keyword {
        case .table:
            consume()
            return .createTable(try parsePostgreSQLCreateTable())
        case .unique, .index:
            return .createIndex(try parsePostgreSQLCreateIndex())
        case .search where peek(1).keyword == .index:
            consume()
            consume()
            return .createSearchIndex(try parsePostgreSQLCreateSearchIndex())
        case .change where peek(1).keyword == .stream:
            consume()
            consume()
            return .createChangeStream(try parsePostgreSQLCreateChangeStream())
        case .sequence:
            consume()
            return .createSequence(try parsePostgreSQLCreateSequence())
        case .schema:
            consume()
            let ifNotExists = try parseIfNotExists()
            return .createSchema(CreateSchema(name: try parseIdentifier("a schema name"), ifNotExists: ifNotExists))
        case .role:
            consume()
            return .createRole(try parseIdentifier("a role name"))
        default:
            if atWord("function") || atWord("trigger") || atWord("type") || atWord("extension") || atWord("materialized") {
                throw unsupported("CREATE \(text(peek()).uppercased())", at: start)
            }
            throw unknownStatement(verb: "CREATE", kinds: ["TABLE", "INDEX", "UNIQUE INDEX", "SEARCH INDEX", "VIEW", "CHANGE STREAM", "SEQUENCE", "SCHEMA", "ROLE"])
        }
    }

    private mutating func parsePostgreSQLCreateView(orReplace: Bool) throws(DDLDiagnostic) -> CreateView {
        let name = try parseObjectName("a view name")
        if at(.leftParen) { throw unsupported("Naming a view's columns", at: peek().start) }
        var security: CreateView.Security?
        if consume(.sql) {
            try expect(.security)
            security = try parsePostgreSQLSecurity()
        } else if at(.security) {
            consume()
            security = try parsePostgreSQLSecurity()
        } else if at(.with) {
            let options = try parsePostgreSQLWithOptions()
            for option in options.entries {
                guard option.name.name == "security_invoker", option.value.boolLiteral == true else {
                    throw unsupported("View option '\(option.name.name)'", at: tokens[0].start, instead: "use SQL SECURITY INVOKER")
                }
                security = .invoker
            }
        }
        try expect(.as)
        let query = try parseRemainder("a query")
        if query.text.hasSuffix("CHECK OPTION") { throw unsupported("A view's CHECK OPTION clause", at: tokens[0].start) }
        return CreateView(name: name, orReplace: orReplace, security: security, query: query)
    }

    private mutating func parsePostgreSQLSecurity() throws(DDLDiagnostic) -> CreateView.Security {
        if consume(.invoker) { return .invoker }
        if consume(.definer) { return .definer }
        throw unexpected("INVOKER or DEFINER")
    }

    private mutating func parsePostgreSQLCreateIndex() throws(DDLDiagnostic) -> CreateIndex {
        let unique = consume(.unique)
        try expect(.index)
        if atWord("concurrently") { throw unsupported("CREATE INDEX CONCURRENTLY", at: peek().start) }
        let ifNotExists = try parseIfNotExists()
        if at(.on) { throw DDLDiagnostic.expected("an index name (Spanner requires one)", found: "ON", at: peek().start) }
        let indexName = try parseIdentifier("an index name")
        try expect(.on)
        let table = try parseObjectName("a table name")
        if consume(.using) {
            let start = peek().start
            guard consumeWord("btree") else { throw unsupported("An index method other than btree", at: start) }
        }
        // An index lives in its table's schema.
        let name = ObjectName(Array(table.parts.dropLast()) + [indexName])
        var index = CreateIndex(name: name, ifNotExists: ifNotExists, unique: unique, table: table, keys: try parsePostgreSQLKeyParts())
        if consumeWord("include") { index.storing = try parseIdentifierList("a column name") }
        if at(.interleave) {
            consume()
            try expect(.in)
            index.interleaveIn = try parseObjectName("a table name")
        }
        if atWord("tablespace") { throw unsupported("Tablespaces", at: peek().start) }
        if consume(.where) { index.filter = try parsePostgreSQLFilter() }
        return index
    }

    /// `WHERE (c IS NOT NULL [AND ...])`: the condition, its outer parentheses left out.
    mutating func parsePostgreSQLFilter() throws(DDLDiagnostic) -> Expression {
        var filter = try parseExpression("a WHERE condition") { token in token.keyword == .with || token.keyword == .interleave }
        while filter.text.hasPrefix("("), filter.text.hasSuffix(")"), Self.outerParenthesesEnclose(filter.text) {
            filter = Expression(canonicalText: String(filter.text.dropFirst().dropLast()), dialect: dialect)
        }
        return filter
    }

    /// Whether the first `(` of `text` closes at its last character, ignoring quoted text.
    static func outerParenthesesEnclose(_ text: String) -> Bool {
        var depth = 0
        var quote: Character?
        for (offset, character) in text.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            switch character {
            case "'", "\"": quote = character
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { return offset == text.count - 1 }
            default: break
            }
        }
        return false
    }

    private mutating func parsePostgreSQLCreateSearchIndex() throws(DDLDiagnostic) -> CreateSearchIndex {
        let ifNotExists = try parseIfNotExists()
        let indexName = try parseIdentifier("an index name")
        try expect(.on)
        let table = try parseObjectName("a table name")
        let name = ObjectName(Array(table.parts.dropLast()) + [indexName])
        var index = CreateSearchIndex(name: name, ifNotExists: ifNotExists, table: table, columns: try parseIdentifierList("a TOKENLIST column name"))
        while true {
            let start = peek().start
            if consumeWord("include") {
                if !index.storing.isEmpty { throw DDLDiagnostic.duplicateClause("INCLUDE", at: start) }
                index.storing = try parseIdentifierList("a column name")
            } else if at(.partition) {
                consume()
                try expect(.by)
                index.partitionBy = try parseBareIdentifierList("a column name")
            } else if at(.order) {
                consume()
                try expect(.by)
                var keys: [KeyPart] = []
                repeat {
                    let column = try parseIdentifier("a column name")
                    let descending = consume(.desc)
                    if !descending { _ = consume(.asc) }
                    keys.append(KeyPart(column: column, descending: descending))
                } while consume(.comma)
                index.orderBy = keys
            } else if at(.interleave) {
                consume()
                try expect(.in)
                index.interleaveIn = try parseObjectName("a table name")
            } else if at(.with) {
                if index.options != nil { throw DDLDiagnostic.duplicateClause("WITH", at: start) }
                index.options = try parsePostgreSQLWithOptions()
            } else if consume(.where) {
                index.filter = try parsePostgreSQLFilter()
            } else {
                return index
            }
        }
    }

    private mutating func parsePostgreSQLCreateChangeStream() throws(DDLDiagnostic) -> CreateChangeStream {
        let ifNotExists = try parseIfNotExists()
        var stream = CreateChangeStream(name: try parseObjectName("a change stream name"), ifNotExists: ifNotExists)
        if consume(.for) { stream.watch = try parseChangeStreamWatch() }
        if at(.with) { stream.options = try parsePostgreSQLWithOptions() }
        return stream
    }

    private mutating func parsePostgreSQLCreateSequence() throws(DDLDiagnostic) -> CreateSequence {
        let ifNotExists = try parseIfNotExists()
        let name = try parseObjectName("a sequence name")
        return CreateSequence(name: name, ifNotExists: ifNotExists, clauses: try parseSequenceClauses(allowOptions: false))
    }

    // MARK: ALTER

    private mutating func parsePostgreSQLAlter() throws(DDLDiagnostic) -> Statement {
        try expect(.alter)
        switch peek().keyword {
        case .table:
            consume()
            return .alterTable(try parsePostgreSQLAlterTable())
        case .index:
            consume()
            let name = try parseObjectName("an index name")
            if consume(.add) {
                try expectWord("include")
                try expect(.column)
                return .alterIndex(AlterIndex(kind: .index, name: name, action: .addStoredColumn(try parseIdentifier("a column name"))))
            }
            if consume(.drop) {
                try expectWord("include")
                try expect(.column)
                return .alterIndex(AlterIndex(kind: .index, name: name, action: .dropStoredColumn(try parseIdentifier("a column name"))))
            }
            throw unexpected("ADD INCLUDE COLUMN or DROP INCLUDE COLUMN")
        case .sequence:
            consume()
            return .alterSequence(try parseAlterSequence())
        case .change where peek(1).keyword == .stream:
            consume()
            consume()
            let name = try parseObjectName("a change stream name")
            if consume(.set) {
                if consume(.for) { return .alterChangeStream(AlterChangeStream(name: name, action: .setFor(try parseChangeStreamWatch()))) }
                guard at(.leftParen) else { throw unexpected("FOR or '('") }
                return .alterChangeStream(AlterChangeStream(name: name, action: .setOptions(try parseOptionEntries())))
            }
            if consumeWord("reset") {
                let names = try parseIdentifierList("an option name")
                let nulls = names.map { OptionList.Option(name: $0, value: Expression(canonicalText: "NULL", dialect: .postgreSQL)) }
                return .alterChangeStream(AlterChangeStream(name: name, action: .setOptions(OptionList(nulls))))
            }
            if consume(.drop) {
                try expect(.for, .all)
                return .alterChangeStream(AlterChangeStream(name: name, action: .dropForAll))
            }
            throw unexpected("SET, RESET or DROP")
        case .database:
            consume()
            return .alterDatabase(try parsePostgreSQLAlterDatabase())
        default:
            throw unknownStatement(verb: "ALTER", kinds: ["TABLE", "INDEX", "SEQUENCE", "CHANGE STREAM", "DATABASE"])
        }
    }

    /// `db SET spanner.option = value` or `db RESET spanner.option`, into the GoogleSQL option
    /// of the same meaning (`spanner.default_leader` is `default_leader`).
    private mutating func parsePostgreSQLAlterDatabase() throws(DDLDiagnostic) -> AlterDatabase {
        let name = try parseIdentifier("a database name")
        let isReset = consumeWord("reset")
        if !isReset { try expect(.set) }
        let optionStart = peek().start
        let option: Identifier
        // GetDatabaseDdl quotes the whole name: `SET "spanner.optimizer_version" = 5`.
        if peek().kind == .quotedIdentifier {
            let quoted = try parseIdentifier("an option name")
            guard quoted.name.hasPrefix("spanner."), quoted.name.count > "spanner.".count else {
                throw DDLDiagnostic.expected("a database option named spanner.<option>", found: "\"\(quoted.name)\"", at: optionStart)
            }
            option = Identifier(String(quoted.name.dropFirst("spanner.".count)))
        } else {
            option = try parseDatabaseOptionName(at: optionStart)
        }
        let value: Expression
        if isReset {
            value = Expression(canonicalText: "NULL", dialect: .postgreSQL)
        } else {
            if !consumeOperator("=") { try expect(.to) }
            value = try parseRemainder("an option value")
        }
        return AlterDatabase(name: name, options: OptionList([OptionList.Option(name: option, value: value)]))
    }

    /// `spanner.name`, bare: the option's own name.
    private mutating func parseDatabaseOptionName(at optionStart: Int) throws(DDLDiagnostic) -> Identifier {
        guard peek(1).kind == .dot else {
            throw DDLDiagnostic.expected("a database option named spanner.<option> ('.' after spanner)", found: describe(peek()), at: optionStart)
        }
        let prefix = try parseIdentifier("an option name such as spanner.default_leader")
        consume()
        guard prefix.name == "spanner" else {
            throw DDLDiagnostic.expected("a database option named spanner.<option>", found: "'\(prefix.name).'", at: optionStart)
        }
        return try parseIdentifier("an option name")
    }

    // MARK: DROP

    private mutating func parsePostgreSQLDrop() throws(DDLDiagnostic) -> Statement {
        try expect(.drop)
        let kind: Drop.Kind
        switch peek().keyword {
        case .table: kind = .table
        case .index: kind = .index
        case .view: kind = .view
        case .sequence: kind = .sequence
        case .schema: kind = .schema
        case .role: kind = .role
        case .search where peek(1).keyword == .index:
            consume()
            kind = .searchIndex
        case .change where peek(1).keyword == .stream:
            consume()
            kind = .changeStream
        default:
            throw unknownStatement(verb: "DROP", kinds: ["TABLE", "INDEX", "SEARCH INDEX", "VIEW", "SEQUENCE", "CHANGE STREAM", "SCHEMA", "ROLE"])
        }
        consume()
        let ifExists = try parseIfExists()
        let name = kind == .role || kind == .schema ? ObjectName(try parseIdentifier("a name")) : try parseObjectName("a name")
        if atWord("cascade") || atWord("restrict") {
            throw unsupported("DROP ... \(text(peek()).uppercased())", at: peek().start)
        }
        return .drop(Drop(kind: kind, ifExists: ifExists, name: name))
    }

    // MARK: GRANT and REVOKE

    /// `privileges ON kind names TO roles`, or `role, ... TO roles` for membership.
    private mutating func parsePostgreSQLGrantBody(isRevoke: Bool) throws(DDLDiagnostic) -> Grant {
        let what: Grantable
        let actionWords: [Keyword: Privilege.Action] = [.select: .select, .insert: .insert, .update: .update, .delete: .delete, .execute: .execute, .usage: .usage]
        if let keyword = peek().keyword, actionWords[keyword] != nil {
            var privileges: [Privilege] = []
            repeat {
                guard let keyword = peek().keyword, let action = actionWords[keyword] else { throw unexpected("SELECT, INSERT, UPDATE, DELETE, EXECUTE or USAGE") }
                consume()
                var privilege = Privilege(action: action)
                if at(.leftParen) { privilege.columns = try parseIdentifierList("a column name") }
                privileges.append(privilege)
            } while consume(.comma)
            try expect(.on)
            let kind: PrivilegeTarget.Kind
            switch peek().keyword {
            case .table: kind = .table
            case .schema: kind = .schema
            case .sequence: kind = .sequence
            case .view: kind = .view
            case .change where peek(1).keyword == .stream:
                consume()
                kind = .changeStream
            case .function: kind = .tableFunction
            default:
                throw unexpected("TABLE, SCHEMA, SEQUENCE, VIEW, CHANGE STREAM or FUNCTION")
            }
            consume()
            what = .privileges(privileges, on: PrivilegeTarget(kind: kind, names: try parseObjectNameList("a name")))
        } else {
            what = .roles(try parseBareIdentifierList("a role name"))
        }
        if isRevoke { try expect(.from) } else { try expect(.to) }
        return Grant(what: what, roles: try parseBareIdentifierList("a role name"))
    }
}
