/// Comparing expressions as Spanner would: equal meaning, not equal spelling.
extension Expression {
    /// A key that is equal for expressions that differ only in the case of names, identifier
    /// quoting, or redundant parentheses: `((Score > 0))` and `score > 0` share one key.
    ///
    /// GoogleSQL resolves names case-insensitively, so every unquoted or backtick-quoted name is
    /// folded to upper case; string literals keep their case. A name after `AS` keeps its case,
    /// since it becomes a column name a view's readers see. Parentheses are redundant around
    /// the whole expression and directly around another parenthesized group, unless they hold
    /// a list (`(a, b)`) or are a call's argument list.
    public var comparisonKey: String {
        withTokens { lexed, buffer -> String in
            var tokens = lexed
            // Each pass removes one layer; repeat until nothing is redundant.
            var kept = tokens
            while true {
                let simpler = Self.withoutRedundantParentheses(kept)
                if simpler.count == kept.count { break }
                kept = simpler
            }
            tokens = kept
            var parts: [String] = []
            parts.reserveCapacity(tokens.count)
            for (i, token) in tokens.enumerated() {
                let bytes = UnsafeBufferPointer(rebasing: buffer[token.start..<token.end])
                let afterAs = i > 0 && tokens[i - 1].keyword == .as
                switch token.kind {
                case .identifier where token.keyword?.isReserved != true && !afterAs:
                    parts.append(String(decoding: bytes, as: UTF8.self).uppercased())
                case .quotedIdentifier where !afterAs:
                    parts.append(IdentifierQuoting.spell(String(decoding: Literal.decode(token, in: buffer), as: UTF8.self).uppercased()))
                default:
                    parts.append(String(decoding: bytes, as: UTF8.self))
                }
            }
            return parts.joined(separator: " ")
        }
    }

    private static func withoutRedundantParentheses(_ tokens: [Token]) -> [Token] {
        let matching = matchingParentheses(tokens)
        var dropped = [Bool](repeating: false, count: tokens.count)
        // Around the whole expression.
        if tokens.count > 2, tokens[0].kind == .leftParen, matching[0] == tokens.count - 1, !holdsList(tokens, 0, tokens.count - 1, matching) {
            dropped[0] = true
            dropped[tokens.count - 1] = true
        }
        for open in tokens.indices where tokens[open].kind == .leftParen && !dropped[open] {
            guard let close = matching[open] else { continue }
            // `(x)` around a single name or literal.
            if close == open + 2, !holdsList(tokens, open, close, matching) {
                switch tokens[open + 1].kind {
                case .identifier where tokens[open + 1].keyword?.isReserved != true, .quotedIdentifier, .string, .bytes, .integer, .float:
                    dropped[open] = true
                    dropped[close] = true
                default: break
                }
                continue
            }
            // `((x))`: the inner pair adds nothing.
            if open + 1 < close - 1, tokens[open + 1].kind == .leftParen, matching[open + 1] == close - 1,
                !holdsList(tokens, open + 1, close - 1, matching)
            {
                dropped[open + 1] = true
                dropped[close - 1] = true
            }
        }
        return tokens.indices.filter { !dropped[$0] }.map { tokens[$0] }
    }

    /// Reserved words whose parentheses belong to them: `CAST(...)`, `IN (...)`, `EXISTS (...)`.
    private static let operandKeywords: Set<Keyword> = [
        .cast, .extract, .if, .array, .struct, .exists, .unnest, .any, .some, .all, .in, .new, .proto, .enum,
        .range, .interval, .collate, .grouping, .left, .right, .hash,
    ]

    /// For each `(`, the index of its `)`.
    private static func matchingParentheses(_ tokens: [Token]) -> [Int?] {
        var matching = [Int?](repeating: nil, count: tokens.count)
        var open: [Int] = []
        for (i, token) in tokens.enumerated() {
            if token.kind == .leftParen {
                open.append(i)
            } else if token.kind == .rightParen, let start = open.popLast() {
                matching[start] = i
            }
        }
        return matching
    }

    /// Whether the group from `open` to `close` holds a comma at its own depth, or is the
    /// argument list of a call (`f(x)`), so that its parentheses carry meaning.
    private static func holdsList(_ tokens: [Token], _ open: Int, _ close: Int, _ matching: [Int?]) -> Bool {
        if open > 0 {
            let previous = tokens[open - 1]
            switch previous.kind {
            case .quotedIdentifier, .rightBracket: return true
            case .identifier:
                // A function name, or a reserved word that takes a parenthesized operand.
                guard let keyword = previous.keyword, keyword.isReserved else { return true }
                if operandKeywords.contains(keyword) { return true }
            case .operator where previous.end == tokens[open].start: return true  // `ARRAY<INT64>(...)`
            default: break
            }
        }
        var i = open + 1
        while i < close {
            if tokens[i].kind == .comma { return true }
            if tokens[i].kind == .leftParen, let end = matching[i] { i = end + 1; continue }
            i += 1
        }
        return false
    }
}
