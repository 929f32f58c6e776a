// MARK: - ALTER TABLE

extension Parser {
    mutating func parseAlterTable() throws(DDLDiagnostic) -> AlterTable {
        let name = try parseObjectName("a table name")
        let action: AlterTableAction
        switch peek().keyword {
        case .add: action = try parseAlterTableAdd()
        case .drop: action = try parseAlterTableDrop()
        case .alter:
            consume()
            _ = consume(.column)
            let column = try parseIdentifier("a column name")
            action = .alterColumn(column, try parseAlterColumnAction(column))
        case .set:
            consume()
            if at(.on, .delete) {
                consume()
                consume()
                action = .setOnDelete(try parseOnDeleteAction())
            } else if consume(.interleave) {
                action = .setInterleave(try parseInterleaveClause())
            } else if at(.options) {
                action = .setOptions(try parseOptions())
            } else {
                throw unexpected("ON DELETE, INTERLEAVE or OPTIONS")
            }
        case .replace:
            consume()
            action = .replaceRowDeletionPolicy(try parseRowDeletionPolicyClause())
        case .rename:
            consume()
            try expect(.to)
            let newName = try parseObjectName("a new table name")
            var synonym: Identifier?
            if consume(.comma) {
                try expect(.add, .synonym)
                synonym = try parseIdentifier("a synonym")
            }
            action = .renameTo(newName, addSynonym: synonym)
        default:
            throw unexpected("ADD, DROP, ALTER, SET, REPLACE or RENAME")
        }
        return AlterTable(name: name, action: action)
    }

    private mutating func parseAlterTableAdd() throws(DDLDiagnostic) -> AlterTableAction {
        try expect(.add)
        // `ADD CONSTRAINT FOREIGN` and `ADD FOREIGN KEY` with nothing after add a column named
        // Constraint or Foreign, whose type is the next word.
        let bareColumn = (at(.constraint) || at(.foreign)) && peek(2).isEnd
        if atTableConstraint && !bareColumn {
            return .addConstraint(try parseTableConstraint())
        }
        // `ADD SYNONYM s` names nothing after the synonym; a column called Synonym has a type.
        if at(.synonym) && (peek(1).kind == .identifier || peek(1).kind == .quotedIdentifier) && peek(2).isEnd {
            consume()
            return .addSynonym(try parseIdentifier("a synonym"))
        }
        // `ADD ROW DELETION` alone adds a column named Row of a type named Deletion.
        if at(.row, .deletion), peek(2).keyword == .policy {
            return .addRowDeletionPolicy(try parseRowDeletionPolicyClause())
        }
        _ = consume(.column)
        let ifNotExists = try parseIfNotExists()
        let name = try parseIdentifier("a column name")
        let (column, _) = try parseColumnBody(name: name, allowKey: false)
        return .addColumn(column, ifNotExists: ifNotExists)
    }

    private mutating func parseAlterTableDrop() throws(DDLDiagnostic) -> AlterTableAction {
        try expect(.drop)
        if consume(.constraint) { return .dropConstraint(try parseIdentifier("a constraint name")) }
        if at(.row, .deletion) {
            try expect(.row, .deletion, .policy)
            return .dropRowDeletionPolicy
        }
        if at(.synonym) && !peek(1).isEnd {
            consume()
            return .dropSynonym(try parseIdentifier("a synonym"))
        }
        _ = consume(.column)
        return .dropColumn(try parseIdentifier("a column name"))
    }

    private mutating func parseAlterColumnAction(_ column: Identifier) throws(DDLDiagnostic) -> AlterColumnAction {
        if at(.set) {
            consume()
            if at(.options) { return .setOptions(try parseOptions()) }
            if consume(.default) { return .setDefault(try parseParenthesizedExpression("a DEFAULT expression")) }
            if at(.on, .update) {
                consume()
                consume()
                return .setOnUpdate(try parseParenthesizedExpression("an ON UPDATE expression"))
            }
            throw unexpected("OPTIONS, DEFAULT or ON UPDATE")
        }
        if at(.drop, .default) {
            consume()
            consume()
            return .dropDefault
        }
        if at(.drop, .on) {
            consume()
            consume()
            try expect(.update)
            return .dropOnUpdate
        }
        if at(.alter, .identity) {
            consume()
            consume()
            if consume(.set) {
                if consume(.no) {
                    try expect(.skip, .range)
                    return .alterIdentity(.setNoSkipRange)
                }
                try expect(.skip, .range)
                return .alterIdentity(.setSkipRange(try parseSkipRangeBounds()))
            }
            if consume(.restart) {
                try expect(.counter, .with)
                return .alterIdentity(.restartCounter(try parseInt64("a counter value")))
            }
            throw unexpected("SET or RESTART")
        }
        let (definition, _) = try parseColumnBody(name: column, allowKey: false)
        return .redefine(definition)
    }
}

extension Token {
    /// Whether this is the token that ends a statement.
    var isEnd: Bool { kind == .semicolon || kind == .endOfInput }
}
