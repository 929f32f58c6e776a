// MARK: - PostgreSQL tables

extension Parser {
    /// `CREATE TABLE name (columns and constraints) [INTERLEAVE IN ...] [TTL INTERVAL '...' ON c]`.
    ///
    /// The primary key is written inside the parentheses, on a column or as a table constraint;
    /// its columns are NOT NULL, as Spanner makes them in this dialect.
    mutating func parsePostgreSQLCreateTable() throws(DDLDiagnostic) -> CreateTable {
        let ifNotExists = try parseIfNotExists()
        let name = try parseObjectName("a table name")
        if atWord("of") { throw unsupported("CREATE TABLE ... OF type", at: peek().start) }
        try expect(.leftParen, "'('")
        var columns: [ColumnDefinition] = []
        var constraints: [TableConstraint] = []
        var synonyms: [Identifier] = []
        var primaryKey: [KeyPart]?
        // Where a column was declared `NULL`: a key column may not be.
        var explicitlyNullable: [FoldedName: Int] = [:]
        while !at(.rightParen) {
            let elementStart = peek().start
            if at(.like) { throw unsupported("CREATE TABLE ... (LIKE ...)", at: elementStart) }
            if at(.synonym) && peek(1).kind == .leftParen {
                consume()
                consume()
                synonyms.append(try parseIdentifier("a synonym"))
                try expect(.rightParen, "')'")
            } else if atPostgreSQLTableConstraint {
                var constraintName: Identifier?
                if consume(.constraint) { constraintName = try parseIdentifier("a constraint name") }
                if at(.primary) {
                    if constraintName != nil { throw unsupported("Naming a PRIMARY KEY constraint", at: elementStart) }
                    consume()
                    try expect(.key)
                    if primaryKey != nil { throw DDLDiagnostic.duplicateClause("PRIMARY KEY", at: elementStart) }
                    primaryKey = try parseIdentifierList("a key column name").map { KeyPart(column: $0) }
                    try parsePostgreSQLConstraintTiming()
                } else {
                    constraints.append(try parsePostgreSQLTableConstraint(name: constraintName))
                }
            } else {
                let parsed = try parsePostgreSQLColumn()
                if parsed.inlineKey {
                    if primaryKey != nil { throw DDLDiagnostic.duplicateClause("PRIMARY KEY", at: elementStart) }
                    primaryKey = [KeyPart(column: parsed.column.name)]
                }
                if let offset = parsed.explicitNull { explicitlyNullable[FoldedName(parsed.column.name)] = offset }
                columns.append(parsed.column)
                constraints.append(contentsOf: parsed.constraints)
                let end = at(.comma) ? peek().end : tokens[max(index - 1, 0)].end
                columnSpans.append(elementStart..<end)
            }
            if !consume(.comma) { break }
        }
        try expect(.rightParen, "',' or ')'")
        guard let primaryKey else {
            throw DDLDiagnostic.expected("a PRIMARY KEY (Spanner requires one for table \"\(name.base.name)\") inside the parentheses", found: describe(peek()), at: peek().start)
        }
        for part in primaryKey {
            if let offset = explicitlyNullable[FoldedName(part.column)] { throw unsupported("A nullable PRIMARY KEY column", at: offset) }
        }
        let keyNames = Set(primaryKey.map(\.column))
        for i in columns.indices where keyNames.contains(columns[i].name) { columns[i].notNull = true }
        var table = CreateTable(name: name, ifNotExists: ifNotExists, columns: columns, constraints: constraints, synonyms: synonyms, primaryKey: primaryKey)
        while !atEnd {
            let start = peek().start
            if at(.interleave) {
                consume()
                if table.interleave != nil { throw DDLDiagnostic.duplicateClause("INTERLEAVE", at: start) }
                table.interleave = try parseInterleaveClause()
            } else if atWord("ttl") {
                consume()
                if table.rowDeletionPolicy != nil { throw DDLDiagnostic.duplicateClause("TTL", at: start) }
                table.rowDeletionPolicy = try parsePostgreSQLTTL()
            } else if atWord("inherits") || atWord("partition") || atWord("tablespace") || (at(.on) && atWordAt(1, "commit")) || at(.with) {
                let clause = at(.on) ? "ON COMMIT" : at(.partition) ? "PARTITION BY" : text(peek()).uppercased()
                throw unsupported("The \(clause) clause of CREATE TABLE", at: start)
            } else {
                throw unexpected("INTERLEAVE IN, TTL or end of statement")
            }
        }
        return table
    }

    private func atWordAt(_ offset: Int, _ word: String) -> Bool {
        peek(offset).kind == .identifier && text(peek(offset)).lowercased() == word
    }

    /// Whether a table constraint starts here rather than a column.
    private var atPostgreSQLTableConstraint: Bool {
        if at(.constraint) { return true }
        if at(.primary, .key) || at(.foreign, .key) { return true }
        if at(.check) && peek(1).kind == .leftParen { return true }
        return at(.unique) || atWord("exclude")
    }

    /// `NOT DEFERRABLE` and `INITIALLY IMMEDIATE` say what Spanner does; deferral is refused.
    private mutating func parsePostgreSQLConstraintTiming() throws(DDLDiagnostic) {
        while true {
            let start = peek().start
            if atWord("deferrable") {
                throw unsupported("DEFERRABLE constraints", at: start)
            } else if at(.not) && atWordAt(1, "deferrable") {
                consume()
                consume()
            } else if atWord("initially") {
                consume()
                if consumeWord("immediate") { continue }
                throw unsupported("DEFERRABLE constraints", at: start)
            } else {
                return
            }
        }
    }

    /// `CHECK (...)`, `FOREIGN KEY (...) REFERENCES t (...) [ON DELETE ...]`, after an optional
    /// `CONSTRAINT name`.
    mutating func parsePostgreSQLTableConstraint(name: Identifier?) throws(DDLDiagnostic) -> TableConstraint {
        let start = peek().start
        if consume(.check) {
            let expression = try parseParenthesizedExpression("a CHECK expression")
            try parsePostgreSQLConstraintTiming()
            return .check(CheckConstraint(name: name, expression: expression))
        }
        if consume(.foreign) {
            try expect(.key)
            let columns = try parseIdentifierList("a column name")
            try expect(.references)
            let table = try parseObjectName("a referenced table name")
            let referenced = try parseIdentifierList("a referenced column name")
            var key = ForeignKey(name: name, columns: columns, referencedTable: table, referencedColumns: referenced)
            key.onDelete = try parsePostgreSQLReferentialActions()
            try parsePostgreSQLConstraintTiming()
            return .foreignKey(key)
        }
        if at(.unique) { throw unsupported("A UNIQUE constraint", at: start, instead: "create a UNIQUE INDEX instead") }
        if atWord("exclude") { throw unsupported("An EXCLUDE constraint", at: start) }
        throw unexpected("PRIMARY KEY, CHECK or FOREIGN KEY")
    }

    /// `[ON DELETE CASCADE | NO ACTION]`; `MATCH`, `ON UPDATE` with an action other than
    /// NO ACTION, `SET NULL` and `SET DEFAULT` are refused.
    private mutating func parsePostgreSQLReferentialActions() throws(DDLDiagnostic) -> OnDelete? {
        var onDelete: OnDelete?
        while at(.on) || atWord("match") {
            let start = peek().start
            if consumeWord("match") {
                if consumeWord("simple") { continue }
                throw unsupported("MATCH FULL and MATCH PARTIAL", at: start)
            }
            consume()
            if consume(.delete) {
                if at(.set) || atWord("restrict") { throw unsupported("ON DELETE \(text(peek()).uppercased())", at: start, instead: "use CASCADE or NO ACTION") }
                // NO ACTION is the default, and Spanner prints nothing for it.
                let action = try parseOnDeleteAction()
                onDelete = action == .cascade ? .cascade : nil
            } else if consume(.update) {
                guard consume(.no), consume(.action) else { throw unsupported("ON UPDATE other than NO ACTION", at: start) }
            } else {
                throw unexpected("DELETE or UPDATE")
            }
        }
        return onDelete
    }

    /// `TTL INTERVAL 'n days' ON column`, after `TTL`.
    mutating func parsePostgreSQLTTL() throws(DDLDiagnostic) -> RowDeletionPolicy {
        try expect(.interval)
        let token = peek()
        guard token.kind == .string else { throw unexpected("an interval string such as '30 days'") }
        consume()
        let interval = String(decoding: Literal.decode(token, in: buffer, dialect: .postgreSQL), as: UTF8.self)
        guard let days = Self.postgreSQLIntervalDays(interval) else {
            throw DDLDiagnostic.outOfRange(
                "TTL interval '\(interval)' is not a whole number of days (write it as '<n> days'; weeks, months of 30 days, hours, minutes and seconds that add up to whole days are accepted)",
                at: token.start)
        }
        try expect(.on)
        return RowDeletionPolicy(column: try parseIdentifier("a timestamp column name"), days: days)
    }

    /// The whole days in a PostgreSQL interval string such as `'30 days'`, `'2 WEEKS 1 DAY'`
    /// or `'24 hours'`, counting a month as 30 days as PostgreSQL does; nil when it is not a
    /// non-negative whole number of days.
    static func postgreSQLIntervalDays(_ interval: String) -> Int64? {
        let words = interval.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard !words.isEmpty, words.count % 2 == 0 else { return nil }
        var seconds: Int64 = 0
        var i = 0
        while i < words.count {
            guard let count = Int64(words[i]), count >= 0 else { return nil }
            let unit: Int64
            switch words[i + 1].lowercased() {
            case "second", "seconds", "sec", "secs": unit = 1
            case "minute", "minutes", "min", "mins": unit = 60
            case "hour", "hours": unit = 3600
            case "day", "days": unit = 86_400
            case "week", "weeks": unit = 604_800
            case "month", "months", "mon", "mons": unit = 2_592_000
            default: return nil
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: unit)
            guard !overflow else { return nil }
            seconds += product
            i += 2
        }
        guard seconds % 86_400 == 0 else { return nil }
        return seconds / 86_400
    }

    // MARK: Columns

    /// `name type [constraints]`; column-level CHECK and REFERENCES become table constraints.
    mutating func parsePostgreSQLColumn() throws(DDLDiagnostic) -> (
        column: ColumnDefinition, inlineKey: Bool, constraints: [TableConstraint], explicitNull: Int?
    ) {
        let name = try parseIdentifier("a column name")
        let typeStart = peek().start
        let (type, commitTimestamp) = try parsePostgreSQLType()
        var column = ColumnDefinition(name: name, type: type)
        if commitTimestamp {
            column.options = OptionList([OptionList.Option(name: "allow_commit_timestamp", value: Expression(canonicalText: "TRUE", dialect: .postgreSQL))])
        }
        var inlineKey = false
        var constraints: [TableConstraint] = []
        var sawNullability = false, sawHidden = false
        var explicitNull: Int?
        var constraintName: Identifier?
        while true {
            let start = peek().start
            if at(.constraint) {
                consume()
                constraintName = try parseIdentifier("a constraint name")
                // Only CHECK and REFERENCES constraints have names in Spanner.
                if !(at(.check) || at(.references)) {
                    let what = at(.not) ? "NOT NULL" : at(.null) ? "NULL" : at(.primary) ? "PRIMARY KEY" : text(peek()).uppercased()
                    throw unsupported("Naming a \(what) constraint", at: start)
                }
                continue
            }
            if at(.not) && peek(1).keyword == .null {
                consume()
                consume()
                if sawNullability { throw DDLDiagnostic.duplicateClause("NULL or NOT NULL", at: start) }
                sawNullability = true
                column.notNull = true
            } else if at(.null) {
                consume()
                if sawNullability { throw DDLDiagnostic.duplicateClause("NULL or NOT NULL", at: start) }
                sawNullability = true
                explicitNull = start
            } else if at(.primary) {
                consume()
                try expect(.key)
                if inlineKey { throw DDLDiagnostic.duplicateClause("PRIMARY KEY", at: start) }
                inlineKey = true
                try parsePostgreSQLConstraintTiming()
            } else if at(.default) {
                consume()
                if column.generation != nil { throw DDLDiagnostic.duplicateClause("a DEFAULT, GENERATED or identity clause", at: start) }
                column.generation = .default(try parsePostgreSQLDefault())
            } else if at(.generated) {
                consume()
                if column.generation != nil { throw DDLDiagnostic.duplicateClause("a DEFAULT, GENERATED or identity clause", at: start) }
                if consumeWord("always") {
                    if at(.as) && peek(1).keyword == .identity { throw unsupported("GENERATED ALWAYS AS IDENTITY", at: start, instead: "use GENERATED BY DEFAULT AS IDENTITY") }
                    try expect(.as)
                    let expression = try parseParenthesizedExpression("a generated column expression")
                    if consume(.stored) {
                        column.generation = .generated(expression, stored: true)
                    } else if consumeWord("virtual") || atEnd || at(.comma) || at(.rightParen) || at(.not) || at(.null) || at(.hidden) {
                        column.generation = .generated(expression, stored: false)
                    } else {
                        throw unexpected("STORED or VIRTUAL")
                    }
                } else {
                    try expect(.by, .default, .as, .identity)
                    var clauses: SequenceClauses?
                    if consume(.leftParen) {
                        clauses = try parseSequenceClauses(allowOptions: false)
                        try expect(.rightParen, "')'")
                    }
                    column.generation = .identity(clauses?.isEmpty == true ? nil : clauses)
                }
            } else if at(.check) {
                consume()
                constraints.append(.check(CheckConstraint(name: constraintName, expression: try parseParenthesizedExpression("a CHECK expression"))))
                constraintName = nil
            } else if at(.references) {
                consume()
                let table = try parseObjectName("a referenced table name")
                guard at(.leftParen) else { throw unexpected("'(' and the referenced column (Spanner needs it named)") }
                let referenced = try parseIdentifierList("a referenced column name")
                var key = ForeignKey(name: constraintName, columns: [name], referencedTable: table, referencedColumns: referenced)
                key.onDelete = try parsePostgreSQLReferentialActions()
                constraints.append(.foreignKey(key))
                constraintName = nil
            } else if at(.unique) {
                throw unsupported("A UNIQUE constraint", at: start, instead: "create a UNIQUE INDEX instead")
            } else if at(.hidden) {
                consume()
                if sawHidden { throw DDLDiagnostic.duplicateClause("HIDDEN", at: start) }
                sawHidden = true
                column.hidden = true
            } else if at(.vector) {
                consume()
                try expectWord("length")
                let lengthStart = peek().start
                let length = try parseInt64("a vector length")
                guard case .array(let element, _) = column.type else {
                    throw DDLDiagnostic.expected("an array column for VECTOR LENGTH", found: "a column that is not an array", at: typeStart)
                }
                guard length > 0 else { throw DDLDiagnostic.outOfRange("a vector length must be at least 1", at: lengthStart) }
                column.type = .array(element, vectorLength: length)
            } else if at(.collate) {
                throw unsupported("COLLATE", at: start)
            } else {
                if inlineKey, let explicitNull { throw unsupported("A nullable PRIMARY KEY column", at: explicitNull) }
                return (column, inlineKey, constraints, explicitNull)
            }
        }
    }

    /// A `DEFAULT` expression: up to the next column constraint, `,` or `)` at depth 0.
    private mutating func parsePostgreSQLDefault() throws(DDLDiagnostic) -> Expression {
        let stops: Set<Keyword> = [.not, .null, .primary, .check, .references, .constraint, .generated, .hidden, .unique, .collate]
        return try parseExpression("a DEFAULT expression") { token in
            token.kind == .comma || token.kind == .rightParen || (token.keyword.map { stops.contains($0) } ?? false)
        }
    }

    // MARK: ALTER TABLE

    mutating func parsePostgreSQLAlterTable() throws(DDLDiagnostic) -> AlterTable {
        if at(.if) { _ = try parseIfExists() }
        _ = consumeWord("only")
        let name = try parseObjectName("a table name")
        let start = peek().start
        if consume(.add) {
            if atWordAt(0, "ttl") {
                consume()
                return AlterTable(name: name, action: .addRowDeletionPolicy(try parsePostgreSQLTTL()))
            }
            if consume(.synonym) { return AlterTable(name: name, action: .addSynonym(try parseIdentifier("a synonym"))) }
            if atPostgreSQLTableConstraint {
                var constraintName: Identifier?
                if consume(.constraint) { constraintName = try parseIdentifier("a constraint name") }
                if at(.primary) { throw unsupported("Adding a primary key to an existing table", at: start) }
                return AlterTable(name: name, action: .addConstraint(try parsePostgreSQLTableConstraint(name: constraintName)))
            }
            _ = consume(.column)
            let ifNotExists = try parseIfNotExists()
            let parsed = try parsePostgreSQLColumn()
            if parsed.inlineKey { throw unsupported("Adding a primary key column to an existing table", at: start) }
            if !parsed.constraints.isEmpty { throw unsupported("A CHECK or REFERENCES constraint in ADD COLUMN", at: start, instead: "add the column, then ADD CONSTRAINT") }
            return AlterTable(name: name, action: .addColumn(parsed.column, ifNotExists: ifNotExists))
        }
        if consume(.drop) {
            if consumeWord("ttl") { return AlterTable(name: name, action: .dropRowDeletionPolicy) }
            if consume(.synonym) { return AlterTable(name: name, action: .dropSynonym(try parseIdentifier("a synonym"))) }
            if consume(.constraint) {
                let constraint = try parseIdentifier("a constraint name")
                return AlterTable(name: name, action: .dropConstraint(constraint))
            }
            _ = consume(.column)
            let column = try parseIdentifier("a column name")
            if atWord("cascade") || atWord("restrict") { throw unsupported("DROP COLUMN ... \(text(peek()).uppercased())", at: peek().start) }
            return AlterTable(name: name, action: .dropColumn(column))
        }
        if consume(.alter) {
            if consumeWord("ttl") {
                return AlterTable(name: name, action: .replaceRowDeletionPolicy(try parsePostgreSQLTTL()))
            }
            _ = consume(.column)
            let column = try parseIdentifier("a column name")
            let action = try parsePostgreSQLAlterColumn()
            // `ALTER COLUMN c TYPE t, ALTER COLUMN c SET NOT NULL` restates the column whole, as
            // Spanner prints a GoogleSQL `ALTER COLUMN c t NOT NULL`.
            if case .setType(let type) = action, at(.comma) {
                consume()
                try expect(.alter)
                _ = consume(.column)
                let again = try parseIdentifier("a column name")
                guard again == column, case .setNotNull(let notNull) = try parsePostgreSQLAlterColumn() else {
                    throw DDLDiagnostic.expected("ALTER COLUMN \(column.name) SET NOT NULL or DROP NOT NULL", found: "another action", at: start)
                }
                return AlterTable(name: name, action: .alterColumn(column, .redefine(ColumnDefinition(name: column, type: type, notNull: notNull))))
            }
            return AlterTable(name: name, action: .alterColumn(column, action))
        }
        if consume(.set) {
            if at(.interleave) {
                consume()
                return AlterTable(name: name, action: .setInterleave(try parseInterleaveClause()))
            }
            if consume(.on) {
                try expect(.delete)
                return AlterTable(name: name, action: .setOnDelete(try parseOnDeleteAction()))
            }
            throw unexpected("INTERLEAVE IN or ON DELETE")
        }
        if consume(.rename) {
            var synonym: Identifier?
            if consume(.with) {
                try expect(.synonym)
                synonym = name.base
            }
            if at(.column) || (atPostgreSQLIdentifier() && !at(.to)) {
                throw unsupported("Renaming a column", at: start)
            }
            try expect(.to)
            return AlterTable(name: name, action: .renameTo(try parseObjectName("a table name"), addSynonym: synonym))
        }
        throw unexpected("ADD, DROP, ALTER, SET or RENAME")
    }

    /// What `ALTER [COLUMN] c` does.
    private mutating func parsePostgreSQLAlterColumn() throws(DDLDiagnostic) -> AlterColumnAction {
        if atWord("type") || (atWord("set") && atWordAt(1, "data")) {
            if consume(.set) {
                try expectWord("data")
            }
            try expectWord("type")
            let (type, commitTimestamp) = try parsePostgreSQLType()
            // The commit-timestamp type is a timestamp with an option, and changing to it sets that option.
            if commitTimestamp {
                return .setOptions(OptionList([OptionList.Option(name: "allow_commit_timestamp", value: Expression(canonicalText: "TRUE", dialect: .postgreSQL))]))
            }
            if at(.using) { throw unsupported("ALTER COLUMN ... TYPE ... USING", at: peek().start) }
            return .setType(type)
        }
        if consume(.set) {
            if at(.not) {
                consume()
                try expect(.null)
                return .setNotNull(true)
            }
            if consume(.default) { return .setDefault(try parsePostgreSQLDefault()) }
            if at(.skip) {
                consume()
                try expect(.range)
                return .alterIdentity(.setSkipRange(try parseSkipRangeBounds()))
            }
            if at(.no) {
                consume()
                try expect(.skip, .range)
                return .alterIdentity(.setNoSkipRange)
            }
            throw unexpected("NOT NULL, DEFAULT, SKIP RANGE or NO SKIP RANGE")
        }
        if consume(.drop) {
            if at(.not) {
                consume()
                try expect(.null)
                return .setNotNull(false)
            }
            if consume(.default) { return .dropDefault }
            throw unexpected("NOT NULL or DEFAULT")
        }
        if consume(.restart) {
            try expectCounterWith()
            return .alterIdentity(.restartCounter(try parseInt64("a counter value")))
        }
        throw unexpected("TYPE, SET, DROP or RESTART COUNTER WITH")
    }
}

/// A column name compared as Spanner compares names: without regard to case.
private struct FoldedName: Hashable {
    let value: String
    init(_ name: Identifier) { value = name.name.lowercased() }
}
