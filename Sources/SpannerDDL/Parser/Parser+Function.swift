// MARK: - Functions

extension Parser {
    /// After `CREATE [OR REPLACE] FUNCTION`: the signature, then its clauses in Spanner's order.
    mutating func parseCreateFunction(orReplace: Bool) throws(DDLDiagnostic) -> CreateFunction {
        var function = CreateFunction(name: try parseObjectName("a function name"), orReplace: orReplace)
        try expect(.leftParen, "'('")
        if !consume(.rightParen) {
            repeat {
                let name = try parseIdentifier("a parameter name")
                var parameter = CreateFunction.Parameter(name: name, type: try parseDataType())
                let start = peek().start
                if consume(.default) {
                    parameter.defaultValue = try parseExpression("a parameter default") { token in
                        token.kind == .comma || token.kind == .rightParen
                    }
                } else if function.parameters.last?.defaultValue != nil {
                    throw DDLDiagnostic.expected("a DEFAULT for parameter \(name) (every parameter after one with a default has one)", found: describe(peek()), at: start)
                }
                function.parameters.append(parameter)
            } while consume(.comma)
            try expect(.rightParen, "',' or ')'")
        }
        if consume(.returns) { function.returns = try parseDataType() }
        // Spanner's grammar, in its order: [NOT DETERMINISTIC] [LANGUAGE SQL|REMOTE] [REMOTE]
        // [SQL SECURITY INVOKER], then a body or an OPTIONS list.
        let determinismStart = peek().start
        if at(.not) {
            consume()
            try expectWord("DETERMINISTIC")
            function.determinism = .notDeterministic
        }
        if consumeWord("LANGUAGE") {
            if consume(.sql) {
                function.language = .sql
            } else if consume(.remote) {
                function.language = .remote
            } else {
                throw unexpected("SQL or REMOTE")
            }
        }
        if consume(.remote) {
            if function.language == .sql { throw DDLDiagnostic.duplicateClause("a language", at: tokens[index - 1].start) }
            function.language = .remote
        }
        if function.determinism != nil, !function.isRemote {
            throw DDLDiagnostic.expected("NOT DETERMINISTIC only on a remote function (LANGUAGE REMOTE)", found: "a SQL function", at: determinismStart)
        }
        if consume(.sql) {
            try expect(.security)
            guard consume(.invoker) else { throw unexpected("INVOKER (functions run with the caller's privileges)") }
            function.security = .invoker
        }
        if consume(.as) {
            function.body = try parseParenthesizedExpression("a function body")
        } else if !at(.options) {
            throw unexpected("AS (expression) or OPTIONS (...)")
        }
        if at(.options) { function.options = try parseOptions() }
        return function
    }

    /// Consumes the non-reserved word `word` (any case) if it is next.
    mutating func consumeWord(_ word: String) -> Bool {
        guard peek().kind == .identifier, text(peek()).caseInsensitiveCompare(word) else { return false }
        consume()
        return true
    }

    mutating func expectWord(_ word: String) throws(DDLDiagnostic) {
        guard consumeWord(word) else { throw unexpected(word) }
    }
}
