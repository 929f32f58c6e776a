/// Spells a run of tokens in Ratchet's canonical form.
///
/// Reserved words are upper-cased; identifiers keep their case and are quoted only when needed;
/// string and bytes literals are re-spelled from their values in one quoting style; tokens are
/// joined by single spaces except where GoogleSQL style puts none (`f(x)`, `a.b`, `[1, 2]`,
/// `ARRAY<INT64>`, unary minus). Re-lexing the output and spelling it again gives the same text.
enum ExpressionCanonicalizer {
    /// Reserved words after which `(` is a call, written without a space: `CAST(x AS INT64)`.
    private static let callLikeKeywords: Set<Keyword> = [
        .cast, .extract, .if, .array, .struct, .exists, .unnest, .any, .some, .all, .new, .proto, .enum,
        .range, .interval, .collate, .grouping, .left, .right, .hash,
    ]

    /// `uppercasing` names non-reserved words that are keywords in this context (`NODE TABLES` in
    /// a graph, `UPDATE` in DML) and are upper-cased like reserved ones.
    static func canonicalText(
        _ tokens: ArraySlice<Token>, in buffer: UnsafeBufferPointer<UInt8>, uppercasing: Set<Keyword> = [], dialect: Dialect = .googleSQL,
        translatingFrom source: Dialect? = nil
    ) -> String {
        var out = ""
        out.reserveCapacity(tokens.reduce(0) { $0 + $1.end - $1.start + 1 })
        var previous: Token?
        var beforePrevious: Token?
        var angleDepth = 0
        // Set when the previous token closed a type's angle brackets: `ARRAY<INT64>[1]`.
        var previousClosedType = false
        for (offset, token) in tokens.enumerated() {
            defer {
                beforePrevious = previous
                previous = token
            }
            let nextIsParen = offset + 1 < tokens.count && tokens[tokens.startIndex + offset + 1].kind == .leftParen
            let spelled: String
            if token.keyword.map({ uppercasing.contains($0) }) == true {
                spelled = token.keyword!.rawValue
            } else if dialect == .postgreSQL && source == .googleSQL {
                let nextIsString = offset + 1 < tokens.count && tokens[tokens.startIndex + offset + 1].kind == .string
                spelled = spellTranslatedToPostgreSQL(token, in: buffer, isCall: nextIsParen, isTypedLiteral: nextIsString)
            } else if dialect == .postgreSQL {
                let afterCast = previous.map { $0.kind == .operator && raw($0, in: buffer) == "::" } ?? false
                spelled = spellPostgreSQL(token, in: buffer, afterCast: afterCast)
            } else {
                spelled = spell(token, in: buffer, reading: source ?? dialect)
            }
            guard let prev = previous else {
                out += spelled
                continue
            }
            var space = true
            let prevText = prev.kind == .operator ? raw(prev, in: buffer) : ""
            let curText = token.kind == .operator ? raw(token, in: buffer) : ""

            switch token.kind {
            case .rightParen, .rightBracket, .rightBrace, .comma, .dot: space = false
            case .leftParen:
                if prev.kind == .identifier {
                    space = prev.keyword.map { ($0.isReserved || uppercasing.contains($0)) && !callLikeKeywords.contains($0) } ?? false
                } else if prev.kind == .quotedIdentifier {
                    space = false
                }
            case .leftBracket:
                if prev.kind == .identifier || prev.kind == .quotedIdentifier || prev.kind == .rightParen || prev.kind == .rightBracket {
                    space = prev.keyword.map { $0.isReserved && $0 != .array } ?? false
                }
            default: break
            }
            if previousClosedType && (token.kind == .leftBracket || token.kind == .leftParen) { space = false }
            var closesType = false
            switch prev.kind {
            case .leftParen, .leftBracket, .leftBrace, .dot: space = false
            case .operator:
                if prevText == "@" || prevText == ":" || prevText == "::" { space = false }
                if (prevText == "-" || prevText == "+" || prevText == "~") && isUnary(following: beforePrevious) {
                    space = false
                }
                if prevText == "<" && angleDepth > 0 { space = false }
            default: break
            }
            if token.kind == .operator {
                if curText == ":" || curText == "::" { space = false }
                if curText == "<", let keyword = prev.keyword, keyword == .array || keyword == .struct {
                    space = false
                    angleDepth += 1
                } else if curText == ">" && angleDepth > 0 {
                    space = false
                    angleDepth -= 1
                    closesType = angleDepth == 0
                } else if curText == ">" && prevText == ">" && prev.end == token.start {
                    // `a >> b`: the lexer splits `>>` so that nested type brackets close.
                    space = false
                }
            }
            // A dot never touches a number on either side: `. 0` would re-lex as the float `.0`,
            // and `1 .x` as the float `1.` followed by `x`.
            if (prev.kind == .dot && (token.kind == .integer || token.kind == .float))
                || (token.kind == .dot && (prev.kind == .integer || prev.kind == .float))
            {
                space = true
            }
            // Two operators never touch unless they did in the source as `>>`, or close types:
            // `- -1` must not become a `--` comment, nor `/ *` a `/*` one.
            if prev.kind == .operator && token.kind == .operator && !space {
                let closesTypes = curText == ">" && prevText == ">"
                if !closesTypes { space = true }
            }
            if space { out += " " }
            out += spelled
            previousClosedType = closesType
        }
        return out
    }

    /// Whether a sign is unary, given the token before it: it starts the run or follows an
    /// operator, an opening bracket, a comma, or a reserved word that is not literal-like.
    private static func isUnary(following before: Token?) -> Bool {
        guard let before else { return true }
        switch before.kind {
        case .operator, .leftParen, .leftBracket, .leftBrace, .comma: return true
        case .identifier:
            guard let keyword = before.keyword, keyword.isReserved else { return false }
            return ![.true, .false, .null, .end].contains(keyword)
        default: return false
        }
    }

    /// The canonical spelling of one token.
    static func spell(_ token: Token, in buffer: UnsafeBufferPointer<UInt8>, reading source: Dialect = .googleSQL) -> String {
        switch token.kind {
        case .identifier:
            if let keyword = token.keyword, keyword.isReserved { return keyword.rawValue }
            return raw(token, in: buffer)
        case .quotedIdentifier:
            return IdentifierQuoting.spell(String(decoding: Literal.decode(token, in: buffer), as: UTF8.self))
        case .string:
            return Literal.stringLiteral(String(decoding: Literal.decode(token, in: buffer, dialect: source), as: UTF8.self))
        case .bytes:
            return Literal.bytesLiteral(Literal.decode(token, in: buffer))
        default:
            return raw(token, in: buffer)
        }
    }

    /// Words PostgreSQL does not reserve but that read as syntax, upper-cased like keywords.
    private static let postgreSQLSyntaxWords: Set<String> = [
        "by", "nulls", "first", "last", "over", "partition", "escape", "at", "zone", "rows", "range", "preceding",
        "following", "unbounded", "current", "ordinality", "rollup", "cube", "sets", "filter", "within", "set", "insert",
        "update", "delete",
    ]

    /// The canonical PostgreSQL spelling of one token: a bare word folded to lower case (upper
    /// case when it is a keyword, except a type name after `::`), a quoted name quoted only when
    /// needed, a string in single quotes.
    static func spellPostgreSQL(_ token: Token, in buffer: UnsafeBufferPointer<UInt8>, afterCast: Bool) -> String {
        switch token.kind {
        case .identifier:
            let lowered = raw(token, in: buffer).lowercased()
            if !afterCast && (PostgreSQLKeywords.needsQuoting(lowered) || postgreSQLSyntaxWords.contains(lowered)) {
                return lowered.uppercased()
            }
            return lowered
        case .quotedIdentifier:
            return IdentifierQuoting.spell(String(decoding: Literal.decode(token, in: buffer), as: UTF8.self), dialect: .postgreSQL)
        case .string:
            return Literal.postgreSQLString(String(decoding: Literal.decode(token, in: buffer, dialect: .postgreSQL), as: UTF8.self))
        default:
            return raw(token, in: buffer)
        }
    }

    /// A GoogleSQL token as PostgreSQL reads it: names keep their case (so mixed-case ones are
    /// quoted), called functions fold to lower case, reserved words stay keywords, strings are
    /// re-quoted.
    static func spellTranslatedToPostgreSQL(_ token: Token, in buffer: UnsafeBufferPointer<UInt8>, isCall: Bool, isTypedLiteral: Bool) -> String {
        switch token.kind {
        case .identifier:
            if let keyword = token.keyword, keyword.isReserved { return keyword.rawValue }
            let name = raw(token, in: buffer)
            // `TIMESTAMP '...'`: a typed literal, whose type PostgreSQL names its own way.
            if isTypedLiteral, let type = ["TIMESTAMP": "timestamptz", "DATE": "date", "NUMERIC": "numeric", "JSON": "jsonb"][name.uppercased()] {
                return type
            }
            return isCall ? name.lowercased() : IdentifierQuoting.spell(name, dialect: .postgreSQL)
        case .quotedIdentifier:
            return IdentifierQuoting.spell(String(decoding: Literal.decode(token, in: buffer), as: UTF8.self), dialect: .postgreSQL)
        case .string:
            return Literal.postgreSQLString(String(decoding: Literal.decode(token, in: buffer), as: UTF8.self))
        default:
            return raw(token, in: buffer)
        }
    }

    static func raw(_ token: Token, in buffer: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[token.start..<token.end]), as: UTF8.self)
    }

    /// The first unmatched or mismatched bracket in `tokens`, as a diagnostic.
    static func checkBalance(_ tokens: ArraySlice<Token>, in buffer: UnsafeBufferPointer<UInt8>) -> DDLDiagnostic? {
        var stack: [Token] = []
        for token in tokens {
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace:
                stack.append(token)
            case .rightParen, .rightBracket, .rightBrace:
                guard let open = stack.popLast() else {
                    return .unbalanced("unbalanced '\(raw(token, in: buffer))' has no matching opening bracket", at: token.start)
                }
                let matches =
                    (open.kind == .leftParen && token.kind == .rightParen)
                    || (open.kind == .leftBracket && token.kind == .rightBracket)
                    || (open.kind == .leftBrace && token.kind == .rightBrace)
                if !matches {
                    return .unbalanced("'\(raw(token, in: buffer))' does not match the opening '\(raw(open, in: buffer))'", at: token.start)
                }
            default:
                break
            }
        }
        if let open = stack.last {
            return .unbalanced("'\(raw(open, in: buffer))' is never closed", at: open.start)
        }
        return nil
    }
}
