// MARK: - PostgreSQL types

extension Parser {
    /// A PostgreSQL type name Spanner accepts, as the shared type it stands for; the flag is set
    /// for `spanner.commit_timestamp` (a `timestamptz` that accepts the commit timestamp).
    mutating func parsePostgreSQLType() throws(DDLDiagnostic) -> (DataType, commitTimestamp: Bool) {
        let start = peek().start
        var (type, commitTimestamp) = try parsePostgreSQLScalarType()
        var dimensions = 0
        while at(.leftBracket) {
            consume()
            if peek().kind == .integer { consume() }
            try expect(.rightBracket, "']'")
            dimensions += 1
        }
        if at(.array) {
            consume()
            dimensions += 1
        }
        if dimensions > 1 { throw unsupported("A multi-dimensional array", at: start) }
        if dimensions == 1 {
            if commitTimestamp { throw unsupported("An array of spanner.commit_timestamp", at: start) }
            type = .array(type, vectorLength: nil)
        }
        return (type, commitTimestamp)
    }

    private mutating func parsePostgreSQLScalarType() throws(DDLDiagnostic) -> (DataType, commitTimestamp: Bool) {
        let token = peek()
        guard token.kind == .identifier || token.kind == .quotedIdentifier else { throw unexpected("a type name") }
        var word = text(token).lowercased()
        consume()
        if word == "spanner" || word == "pg_catalog" {
            try expect(.dot, "'.'")
            let inner = peek()
            guard inner.kind == .identifier else { throw unexpected("a type name") }
            consume()
            let name = text(inner).lowercased()
            switch (word, name) {
            case ("spanner", "commit_timestamp"): return (.timestamp, true)
            case ("spanner", "tokenlist"): return (.tokenList, false)
            case ("pg_catalog", _): word = name
            default: throw unsupported("Type \(word).\(name)", at: token.start)
            }
        }
        switch word {
        case "bigint", "int8": return (.int64, false)
        case "boolean", "bool": return (.bool, false)
        case "bytea": return (.bytes(.max), false)
        case "text": return (.string(.max), false)
        case "date": return (.date, false)
        case "real", "float4": return (.float32, false)
        case "float8": return (.float64, false)
        case "jsonb": return (.json, false)
        case "uuid": return (.uuid, false)
        case "interval": return (.interval, false)
        case "timestamptz": return (.timestamp, false)
        case "double":
            try expectWord("precision")
            return (.float64, false)
        case "numeric", "decimal":
            if at(.leftParen) { throw unsupported("numeric with a precision or scale", at: peek().start, instead: "write numeric") }
            return (.numeric, false)
        case "varchar":
            return (.string(try parsePostgreSQLLength()), false)
        case "character":
            if consumeWord("varying") { return (.string(try parsePostgreSQLLength()), false) }
            throw unsupported("Type character (fixed length)", at: token.start, instead: "use character varying")
        case "timestamp":
            if consume(.with) {
                try expectWord("time")
                try expectWord("zone")
                return (.timestamp, false)
            }
            throw unsupported("timestamp without time zone", at: token.start, instead: "use timestamptz")
        case "integer", "int", "int4", "smallint", "int2", "serial", "bigserial", "smallserial":
            throw unsupported("Type \(word)", at: token.start, instead: "use bigint")
        case "json":
            throw unsupported("Type json", at: token.start, instead: "use jsonb")
        case "char", "time", "timetz", "money", "bit", "xml", "inet", "cidr", "point":
            throw unsupported("Type \(word)", at: token.start)
        default:
            throw DDLDiagnostic.expected(
                "a type Spanner's PostgreSQL dialect has (bigint, boolean, bytea, character varying, text, date, double precision, real, numeric, jsonb, timestamptz, uuid, interval, spanner.commit_timestamp, spanner.tokenlist, or an array T[])",
                found: describe(token), at: token.start)
        }
    }

    /// `(n)` after `varchar`: nil for no length (the maximum).
    private mutating func parsePostgreSQLLength() throws(DDLDiagnostic) -> DataType.Length {
        guard consume(.leftParen) else { return .max }
        let start = peek().start
        let length = try parseInt64("a length")
        guard length > 0 else { throw DDLDiagnostic.outOfRange("a length must be at least 1", at: start) }
        try expect(.rightParen, "')'")
        return .count(length)
    }
}
