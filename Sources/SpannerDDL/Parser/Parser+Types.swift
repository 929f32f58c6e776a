// MARK: - Data types

extension Parser {
    /// A column type: a scalar, `STRING(n|MAX)`, `BYTES(n|MAX)`, `ARRAY<T>[(vector_length=>n)]`,
    /// `STRUCT<...>` or a proto/enum name.
    mutating func parseDataType() throws(DDLDiagnostic) -> DataType {
        let token = peek()
        if token.keyword == .array {
            consume()
            try expectOperator("<")
            let element = try parseDataType()
            try expectOperator(">")
            var vectorLength: Int64?
            if at(.leftParen), peek(1).kind == .identifier, text(peek(1)).caseInsensitiveCompare("vector_length") {
                consume()
                consume()
                try expectOperator("=>")
                let start = peek().start
                vectorLength = try parseInt64("a vector length")
                guard (vectorLength ?? 0) > 0 else { throw DDLDiagnostic.outOfRange("a vector length must be at least 1", at: start) }
                try expect(.rightParen, "')'")
            }
            return .array(element, vectorLength: vectorLength)
        }
        if token.keyword == .struct {
            consume()
            // `STRUCT<>` lexes as STRUCT and the operator `<>`.
            if isOperator(peek(), "<>") {
                consume()
                return .struct([])
            }
            try expectOperator("<")
            var fields: [DataType.StructField] = []
            if !isOperator(peek(), ">") {
                repeat {
                    // `name TYPE` or an anonymous `TYPE`: a name is a word followed by a type.
                    var name: Identifier?
                    let next = peek(1)
                    if atIdentifier(), next.kind == .identifier || next.kind == .quotedIdentifier {
                        name = try parseIdentifier("a field name")
                    }
                    let start = peek().start
                    let type = try parseDataType()
                    if case .array(_, _?) = type {
                        throw DDLDiagnostic.expected("a field type (vector_length belongs on a column)", found: "vector_length", at: start)
                    }
                    fields.append(DataType.StructField(name: name, type: type))
                } while consume(.comma)
            }
            try expectOperator(">")
            return .struct(fields)
        }
        guard token.kind == .identifier || token.kind == .quotedIdentifier else { throw unexpected("a type") }
        if token.kind == .identifier, token.keyword?.isReserved == true, token.keyword != .interval {
            throw unexpected("a type")
        }
        if token.kind == .identifier {
            let upper = text(token).uppercased()
            if peek(1).kind != .dot {
                if let simple = DataType.simpleTypes[upper] {
                    consume()
                    return simple
                }
                if upper == "STRING" || upper == "BYTES" {
                    consume()
                    let length = try parseOptionalLength()
                    return upper == "STRING" ? .string(length) : .bytes(length)
                }
            }
        }
        return .named(try parseObjectName("a type"))
    }

    /// Checks that a column's STRING and BYTES types give a length, as Spanner requires of
    /// table columns (function and model types take none).
    func requireLengths(_ type: DataType, at offset: Int) throws(DDLDiagnostic) {
        switch type {
        case .string(nil): throw DDLDiagnostic.expected("a length after STRING: STRING(n) or STRING(MAX)", found: "none", at: offset)
        case .bytes(nil): throw DDLDiagnostic.expected("a length after BYTES: BYTES(n) or BYTES(MAX)", found: "none", at: offset)
        case .array(let element, _): try requireLengths(element, at: offset)
        default: return
        }
    }

    /// `(n)` or `(MAX)` after STRING or BYTES.
    private mutating func parseOptionalLength() throws(DDLDiagnostic) -> DataType.Length? {
        guard at(.leftParen) else { return nil }
        consume()
        let length: DataType.Length
        if peek().kind == .identifier && text(peek()).caseInsensitiveCompare("MAX") {
            consume()
            length = .max
        } else if at(.integer) {
            let start = peek().start
            let count = try parseInt64("a length or MAX")
            guard count > 0 else { throw DDLDiagnostic.outOfRange("a length must be at least 1", at: start) }
            length = .count(count)
        } else {
            throw unexpected("a length or MAX")
        }
        try expect(.rightParen, "')'")
        return length
    }
}
