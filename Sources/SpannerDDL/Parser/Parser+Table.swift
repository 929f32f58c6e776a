// MARK: - CREATE TABLE

extension Parser {
    mutating func parseCreateTable() throws(DDLDiagnostic) -> CreateTable {
        let ifNotExists = try parseIfNotExists()
        let name = try parseObjectName("a table name")
        try expect(.leftParen, "'('")

        var columns: [ColumnDefinition] = []
        var constraints: [TableConstraint] = []
        var synonyms: [Identifier] = []
        var primaryKey: [KeyPart]?

        while !at(.rightParen) {
            let elementStart = peek().start
            if atTableConstraint {
                constraints.append(try parseTableConstraint())
            } else if at(.synonym) && peek(1).kind == .leftParen {
                consume()
                consume()
                synonyms.append(try parseIdentifier("a synonym"))
                try expect(.rightParen, "')'")
            } else if at(.primary, .key) && peek(2).kind == .leftParen {
                let start = peek().start
                consume()
                consume()
                if primaryKey != nil { throw DDLDiagnostic.duplicateClause("PRIMARY KEY", at: start) }
                primaryKey = try parseKeyPartList(allowEmpty: true)
            } else {
                let (column, inlineKey) = try parseColumnDefinition()
                if inlineKey {
                    if primaryKey != nil { throw DDLDiagnostic.duplicateClause("PRIMARY KEY", at: elementStart) }
                    primaryKey = [KeyPart(column: column.name)]
                }
                columns.append(column)
                let end = at(.comma) ? peek().end : tokens[max(index - 1, 0)].end
                columnSpans.append(elementStart..<end)
            }
            if !consume(.comma) { break }
        }
        try expect(.rightParen, "',' or ')'")

        if at(.primary) {
            let start = peek().start
            consume()
            try expect(.key)
            if primaryKey != nil { throw DDLDiagnostic.duplicateClause("PRIMARY KEY", at: start) }
            primaryKey = try parseKeyPartList(allowEmpty: true)
        }
        guard let primaryKey else { throw unexpected("PRIMARY KEY") }

        var table = CreateTable(name: name, ifNotExists: ifNotExists, columns: columns, constraints: constraints, synonyms: synonyms, primaryKey: primaryKey)
        while consume(.comma) {
            let start = peek().start
            if consume(.interleave) {
                if table.interleave != nil { throw DDLDiagnostic.duplicateClause("INTERLEAVE", at: start) }
                table.interleave = try parseInterleaveClause()
            } else if at(.row) {
                if table.rowDeletionPolicy != nil { throw DDLDiagnostic.duplicateClause("ROW DELETION POLICY", at: start) }
                table.rowDeletionPolicy = try parseRowDeletionPolicyClause()
            } else if at(.options) {
                if table.options != nil { throw DDLDiagnostic.duplicateClause("OPTIONS", at: start) }
                table.options = try parseOptions()
            } else {
                throw unexpected("INTERLEAVE, ROW DELETION POLICY or OPTIONS")
            }
        }
        return table
    }

    /// `IN [PARENT] name [ON DELETE ...]`, after `INTERLEAVE`.
    mutating func parseInterleaveClause() throws(DDLDiagnostic) -> Interleave {
        try expect(.in)
        let inParent = consume(.parent)
        let parent = try parseObjectName("a parent table name")
        let onDelete = try parseOptionalOnDelete()
        return Interleave(parent: parent, inParent: inParent, onDelete: onDelete)
    }

    /// `ROW DELETION POLICY (OLDER_THAN(column, INTERVAL n DAY))`.
    mutating func parseRowDeletionPolicyClause() throws(DDLDiagnostic) -> RowDeletionPolicy {
        try expect(.row, .deletion, .policy)
        try expect(.leftParen, "'('")
        try expect(.olderThan)
        try expect(.leftParen, "'('")
        let column = try parseIdentifier("a timestamp column name")
        try expect(.comma, "','")
        try expect(.interval)
        let start = peek().start
        let days = try parseInt64("a number of days")
        guard days >= 0 else { throw DDLDiagnostic.outOfRange("a row deletion policy needs a non-negative number of days", at: start) }
        try expect(.day)
        try expect(.rightParen, "')'")
        try expect(.rightParen, "')'")
        return RowDeletionPolicy(column: column, days: days)
    }

    // MARK: Columns

    /// `name TYPE attributes...`; also says whether the column carried an inline `PRIMARY KEY`.
    mutating func parseColumnDefinition() throws(DDLDiagnostic) -> (ColumnDefinition, inlineKey: Bool) {
        let name = try parseIdentifier("a column name")
        return try parseColumnBody(name: name, allowKey: true)
    }

    /// The type and attributes of a column, in any order, each at most once.
    mutating func parseColumnBody(name: Identifier, allowKey: Bool) throws(DDLDiagnostic) -> (ColumnDefinition, inlineKey: Bool) {
        let typeStart = peek().start
        var column = ColumnDefinition(name: name, type: try parseDataType())
        try requireLengths(column.type, at: typeStart)
        var inlineKey = false
        var sawNotNull = false, sawHidden = false
        while true {
            let start = peek().start
            if at(.not) {
                consume()
                try expect(.null)
                if sawNotNull { throw DDLDiagnostic.duplicateClause("NOT NULL", at: start) }
                sawNotNull = true
                column.notNull = true
            } else if at(.default) {
                consume()
                if column.generation != nil { throw DDLDiagnostic.duplicateClause("a DEFAULT, AS or identity clause", at: start) }
                column.generation = .default(try parseParenthesizedExpression("a DEFAULT expression"))
                if at(.on, .update) {
                    consume()
                    consume()
                    column.onUpdate = try parseParenthesizedExpression("an ON UPDATE expression")
                }
            } else if at(.as) {
                consume()
                if column.generation != nil { throw DDLDiagnostic.duplicateClause("a DEFAULT, AS or identity clause", at: start) }
                let expression = try parseParenthesizedExpression("a generated column expression")
                column.generation = .generated(expression, stored: consume(.stored))
            } else if at(.generated) {
                consume()
                try expect(.by, .default, .as, .identity)
                if column.generation != nil { throw DDLDiagnostic.duplicateClause("a DEFAULT, AS or identity clause", at: start) }
                var clauses: SequenceClauses?
                if consume(.leftParen) {
                    if at(.rightParen) { throw unexpected("a sequence kind or option (BIT_REVERSED_POSITIVE, SKIP RANGE, START COUNTER WITH)") }
                    clauses = try parseSequenceClauses(allowOptions: false)
                    try expect(.rightParen, "')'")
                }
                column.generation = .identity(clauses)
            } else if at(.autoIncrement) {
                consume()
                if column.generation != nil { throw DDLDiagnostic.duplicateClause("a DEFAULT, AS or identity clause", at: start) }
                column.generation = .autoIncrement
            } else if at(.hidden) {
                consume()
                if sawHidden { throw DDLDiagnostic.duplicateClause("HIDDEN", at: start) }
                sawHidden = true
                column.hidden = true
            } else if at(.placement, .key) {
                consume()
                consume()
                if column.placementKey { throw DDLDiagnostic.duplicateClause("PLACEMENT KEY", at: start) }
                column.placementKey = true
            } else if allowKey && at(.primary, .key) {
                consume()
                consume()
                if inlineKey { throw DDLDiagnostic.duplicateClause("PRIMARY KEY", at: start) }
                inlineKey = true
            } else if at(.options) {
                if column.options != nil { throw DDLDiagnostic.duplicateClause("OPTIONS", at: start) }
                column.options = try parseOptions()
            } else {
                return (column, inlineKey)
            }
        }
    }

    /// `[kind] [SKIP RANGE a, b] [START COUNTER WITH n]` in any order; in PostgreSQL
    /// `SKIP RANGE a b`, `START COUNTER [WITH] n`, and `NO MINVALUE|MAXVALUE|CYCLE` (what Spanner
    /// does anyway), other PostgreSQL sequence clauses refused.
    mutating func parseSequenceClauses(allowOptions: Bool) throws(DDLDiagnostic) -> SequenceClauses {
        var clauses = SequenceClauses()
        while true {
            let start = peek().start
            if at(.skip) {
                consume()
                try expect(.range)
                if clauses.skipRange != nil { throw DDLDiagnostic.duplicateClause("SKIP RANGE", at: start) }
                clauses.skipRange = try parseSkipRangeBounds()
            } else if at(.start) {
                consume()
                try expectCounterWith()
                if clauses.startCounter != nil { throw DDLDiagnostic.duplicateClause("START COUNTER WITH", at: start) }
                clauses.startCounter = try parseInt64("a counter value")
            } else if dialect == .postgreSQL && at(.no) && peek(1).kind == .identifier
                && ["minvalue", "maxvalue", "cycle"].contains(text(peek(1)).lowercased())
            {
                consume()
                consume()
            } else if dialect == .postgreSQL && ["increment", "minvalue", "maxvalue", "cache", "cycle", "owned", "as"].contains(text(peek()).lowercased())
                && peek().kind == .identifier
            {
                throw unsupported("Sequence clause \(text(peek()).uppercased())", at: start)
            } else if atIdentifier() && !(allowOptions && at(.options)) && peek().kind == .identifier {
                // The sequence kind may come before, between or after the other clauses.
                if clauses.kind != nil { throw DDLDiagnostic.duplicateClause("a sequence kind", at: start) }
                guard text(peek()).uppercased() == "BIT_REVERSED_POSITIVE" else {
                    throw unexpected("BIT_REVERSED_POSITIVE, the only sequence kind")
                }
                clauses.kind = Identifier(text(consume()).uppercased())
            } else {
                return clauses
            }
        }
    }

    /// `a, b`; PostgreSQL separates the bounds with a space (`a b`), and a comma is accepted there too.
    mutating func parseSkipRangeBounds() throws(DDLDiagnostic) -> SkipRange {
        let start = peek().start
        let low = try parseInt64("the low end of the skip range")
        if dialect == .postgreSQL { _ = consume(.comma) } else { try expect(.comma, "','") }
        let high = try parseInt64("the high end of the skip range")
        guard low <= high else { throw DDLDiagnostic.outOfRange("a skip range's low end must not exceed its high end", at: start) }
        return SkipRange(min: low, max: high)
    }

    /// `COUNTER WITH`, after `START` or `RESTART`; PostgreSQL may leave out `WITH`.
    mutating func expectCounterWith() throws(DDLDiagnostic) {
        try expect(.counter)
        if dialect == .postgreSQL { _ = consume(.with) } else { try expect(.with) }
    }

    // MARK: Constraints

    /// Whether a table constraint starts here rather than a column whose name happens to be
    /// `Constraint`, `Check` or `Foreign`.
    var atTableConstraint: Bool {
        if at(.constraint) {
            // `CONSTRAINT name <word>`: a constraint, unless the word is a column attribute (then
            // this is a column called Constraint whose type is `name`).
            let after = peek(2)
            guard after.kind == .identifier, atIdentifierToken(peek(1)) else { return false }
            switch after.keyword {
            case .not?, .default?, .as?, .generated?, .autoIncrement?, .hidden?, .primary?, .options?, .placement?: return false
            default: return true
            }
        }
        return at(.check) && peek(1).kind == .leftParen || at(.foreign, .key)
    }

    /// `[CONSTRAINT name] CHECK (...)` or `[CONSTRAINT name] FOREIGN KEY ...`.
    private func atIdentifierToken(_ token: Token) -> Bool {
        token.kind == .quotedIdentifier || (token.kind == .identifier && !(token.keyword?.isReserved ?? false))
    }

    mutating func parseTableConstraint() throws(DDLDiagnostic) -> TableConstraint {
        var name: Identifier?
        if consume(.constraint) { name = try parseIdentifier("a constraint name") }
        if consume(.check) {
            return .check(CheckConstraint(name: name, expression: try parseParenthesizedExpression("a CHECK expression")))
        }
        if consume(.foreign) {
            try expect(.key)
            let columns = try parseIdentifierList("a column name")
            try expect(.references)
            let table = try parseObjectName("a referenced table name")
            let referenced = try parseIdentifierList("a referenced column name")
            var key = ForeignKey(name: name, columns: columns, referencedTable: table, referencedColumns: referenced)
            key.onDelete = try parseOptionalOnDelete()
            if consume(.enforced) {
                key.enforced = true
            } else if at(.not, .enforced) {
                consume()
                consume()
                key.enforced = false
            }
            return .foreignKey(key)
        }
        throw unexpected("CHECK or FOREIGN KEY")
    }
}
