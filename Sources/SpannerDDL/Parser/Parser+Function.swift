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
                if consume(.default) {
                    parameter.defaultValue = try parseExpression("a parameter default") { token in
                        token.kind == .comma || token.kind == .rightParen
                    }
                }
                function.parameters.append(parameter)
            } while consume(.comma)
            try expect(.rightParen, "',' or ')'")
        }
        if consume(.returns) { function.returns = try parseDataType() }
        if at(.not) {
            consume()
            try expectWord("DETERMINISTIC")
            function.determinism = .notDeterministic
        } else if consumeWord("DETERMINISTIC") {
            function.determinism = .deterministic
        }
        if consume(.sql) {
            try expect(.security)
            if consume(.invoker) {
                function.security = .invoker
            } else if consume(.definer) {
                function.security = .definer
            } else {
                throw unexpected("INVOKER or DEFINER")
            }
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
        if consume(.as) { function.body = try parseParenthesizedExpression("a function body") }
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
