// MARK: - Views, change streams, sequences, models, graphs and option-only objects

extension Parser {
    mutating func parseCreateView(orReplace: Bool) throws(DDLDiagnostic) -> CreateView {
        let name = try parseObjectName("a view name")
        var security: CreateView.Security?
        if consume(.sql) {
            try expect(.security)
            if consume(.invoker) {
                security = .invoker
            } else if consume(.definer) {
                security = .definer
            } else {
                throw unexpected("INVOKER or DEFINER")
            }
        }
        try expect(.as)
        return CreateView(name: name, orReplace: orReplace, security: security, query: try parseRemainder("a query"))
    }

    // MARK: Change streams

    mutating func parseCreateChangeStream() throws(DDLDiagnostic) -> CreateChangeStream {
        let ifNotExists = try parseIfNotExists()
        var stream = CreateChangeStream(name: try parseObjectName("a change stream name"), ifNotExists: ifNotExists)
        if consume(.for) { stream.watch = try parseChangeStreamWatch() }
        if at(.options) { stream.options = try parseOptions() }
        return stream
    }

    /// `ALL` or `t1, t2(c1), t3()`, after `FOR`.
    mutating func parseChangeStreamWatch() throws(DDLDiagnostic) -> ChangeStreamWatch {
        if consume(.all) { return .all }
        var tables: [ChangeStreamWatch.WatchedTable] = []
        repeat {
            let table = try parseObjectName("a table name")
            var columns: [Identifier]?
            if at(.leftParen) { columns = try parseIdentifierList("a column name", allowEmpty: true) }
            tables.append(ChangeStreamWatch.WatchedTable(table: table, columns: columns))
        } while consume(.comma)
        return .tables(tables)
    }

    mutating func parseAlterChangeStream() throws(DDLDiagnostic) -> AlterChangeStream {
        let name = try parseObjectName("a change stream name")
        if consume(.set) {
            if consume(.for) { return AlterChangeStream(name: name, action: .setFor(try parseChangeStreamWatch())) }
            return AlterChangeStream(name: name, action: .setOptions(try parseOptions()))
        }
        if consume(.drop) {
            try expect(.for, .all)
            return AlterChangeStream(name: name, action: .dropForAll)
        }
        throw unexpected("SET or DROP")
    }

    // MARK: Sequences

    mutating func parseCreateSequence() throws(DDLDiagnostic) -> CreateSequence {
        let ifNotExists = try parseIfNotExists()
        let name = try parseObjectName("a sequence name")
        var sequence = CreateSequence(name: name, ifNotExists: ifNotExists, clauses: try parseSequenceClauses(allowOptions: true))
        if at(.options) { sequence.options = try parseOptions() }
        return sequence
    }

    mutating func parseAlterSequence() throws(DDLDiagnostic) -> AlterSequence {
        let ifExists = try parseIfExists()
        let name = try parseObjectName("a sequence name")
        // PostgreSQL has no SET OPTIONS here; its settings are the clauses below.
        if dialect == .googleSQL && consume(.set) {
            return AlterSequence(name: name, ifExists: ifExists, action: .setOptions(try parseOptions()))
        }
        var skipRange: AlterSequence.SkipRangeChange?
        var restart: Int64?
        while true {
            let start = peek().start
            if at(.skip) || at(.no, .skip) {
                if skipRange != nil { throw DDLDiagnostic.duplicateClause("SKIP RANGE", at: start) }
                if consume(.no) {
                    try expect(.skip, .range)
                    skipRange = .remove
                } else {
                    try expect(.skip, .range)
                    skipRange = .set(try parseSkipRangeBounds())
                }
            } else if at(.restart) {
                consume()
                try expectCounterWith()
                if restart != nil { throw DDLDiagnostic.duplicateClause("RESTART COUNTER WITH", at: start) }
                restart = try parseInt64("a counter value")
            } else {
                break
            }
        }
        if skipRange == nil && restart == nil {
            throw unexpected(dialect == .postgreSQL ? "SKIP RANGE, NO SKIP RANGE or RESTART COUNTER WITH" : "SET OPTIONS, SKIP RANGE, NO SKIP RANGE or RESTART COUNTER WITH")
        }
        return AlterSequence(name: name, ifExists: ifExists, action: .alter(skipRange: skipRange, restartCounter: restart))
    }

    // MARK: Models

    mutating func parseCreateModel(orReplace: Bool) throws(DDLDiagnostic) -> CreateModel {
        let ifNotExists = try parseIfNotExists()
        var model = CreateModel(name: try parseObjectName("a model name"), orReplace: orReplace, ifNotExists: ifNotExists, remote: false)
        if consume(.input) {
            model.input = try parseModelColumns()
            try expect(.output)
            model.output = try parseModelColumns()
        }
        model.remote = consume(.remote)
        if at(.options) { model.options = try parseOptions() }
        return model
    }

    private mutating func parseModelColumns() throws(DDLDiagnostic) -> [ModelColumn] {
        try expect(.leftParen, "'('")
        var columns: [ModelColumn] = []
        repeat {
            let name = try parseIdentifier("a column name")
            var column = ModelColumn(name: name, type: try parseDataType())
            if at(.options) { column.options = try parseOptions() }
            columns.append(column)
        } while consume(.comma)
        try expect(.rightParen, "',' or ')'")
        return columns
    }

    // MARK: Property graphs

    mutating func parseCreatePropertyGraph(orReplace: Bool) throws(DDLDiagnostic) -> CreatePropertyGraph {
        let ifNotExists = try parseIfNotExists()
        let name = try parseObjectName("a property graph name")
        guard at(.node, .tables) else { throw unexpected("NODE TABLES") }
        return CreatePropertyGraph(name: name, orReplace: orReplace, ifNotExists: ifNotExists, body: try parseRemainder("graph element tables", uppercasing: Keyword.graphWords))
    }

    // MARK: Option-only objects and proto bundles

    mutating func parseCreateOptionsObject(_ what: String) throws(DDLDiagnostic) -> CreateOptionsObject {
        let ifNotExists = try parseIfNotExists()
        // `default` (the built-in locality group) parses; the rule engine says it exists.
        let name: Identifier
        if at(.default) {
            consume()
            name = Identifier("default")
        } else {
            name = try parseIdentifier(what)
        }
        var object = CreateOptionsObject(name: name, ifNotExists: ifNotExists)
        if at(.options) { object.options = try parseOptions() }
        return object
    }

    mutating func parseAlterOptionsObject(_ what: String) throws(DDLDiagnostic) -> AlterOptionsObject {
        let ifExists = try parseIfExists()
        // The locality group every database has is named by the reserved word DEFAULT, unquoted.
        let name: ObjectName
        if at(.default) {
            consume()
            name = ObjectName([Identifier("default")])
        } else {
            name = try parseObjectName(what)
        }
        // Spanner's grammar makes the SET OPTIONS clause optional; without it nothing changes.
        guard consume(.set) else { return AlterOptionsObject(name: name, ifExists: ifExists, options: OptionList()) }
        return AlterOptionsObject(name: name, ifExists: ifExists, options: try parseOptions())
    }

    /// `(a.b.C, \`d.E\`)`.
    mutating func parseProtoTypeList() throws(DDLDiagnostic) -> [ObjectName] {
        try expect(.leftParen, "'('")
        var names: [ObjectName] = []
        if consume(.rightParen) { return names }
        // Spanner accepts a trailing comma before the closing parenthesis.
        repeat {
            if at(.rightParen) { break }
            names.append(try parseProtoTypeName())
        } while consume(.comma)
        try expect(.rightParen, "',' or ')'")
        return names
    }

    /// A fully qualified proto name; parts after the first may be reserved words
    /// (`google.protobuf.Any`, `a.b.Select`), the first must be quoted if it is one.
    mutating func parseProtoTypeName() throws(DDLDiagnostic) -> ObjectName {
        var parts: [Identifier] = [try parseIdentifier("a proto type name")]
        while consume(.dot) {
            let token = peek()
            if token.kind == .identifier {
                consume()
                parts.append(Identifier(text(token)))
            } else {
                parts.append(try parseIdentifier("a proto type name"))
            }
        }
        return ObjectName(parts)
    }

    mutating func parseAlterProtoBundle() throws(DDLDiagnostic) -> AlterProtoBundle {
        var bundle = AlterProtoBundle()
        var sawAny = false
        while true {
            let start = peek().start
            if consume(.insert) {
                if !bundle.insert.isEmpty { throw DDLDiagnostic.duplicateClause("INSERT", at: start) }
                bundle.insert = try parseProtoTypeList()
            } else if consume(.update) {
                if !bundle.update.isEmpty { throw DDLDiagnostic.duplicateClause("UPDATE", at: start) }
                bundle.update = try parseProtoTypeList()
            } else if consume(.delete) {
                if !bundle.delete.isEmpty { throw DDLDiagnostic.duplicateClause("DELETE", at: start) }
                bundle.delete = try parseProtoTypeList()
            } else {
                break
            }
            sawAny = true
        }
        if !sawAny { throw unexpected("INSERT, UPDATE or DELETE") }
        return bundle
    }
}
