import SchemaGenerator
import SpannerDDL
import Testing

/// Random token sequences: canonical spelling must be a fixed point and keep every token.
@Suite("Expression canonicalization properties")
struct ExpressionPropertyTests {
    static let vocabulary: [String] = [
        "a", "Name", "`select`", "`a b`", "t", "x1", "SELECT", "from", "where", "AND", "or", "not", "null", "true",
        "CAST", "as", "INT64", "ARRAY", "STRUCT", "IN", "IS", "CASE", "WHEN", "then", "END", "f", "COUNT",
        "0", "1", "42", "0x1F", "1.5", ".5", "2.", "1e3", "'s'", "\"d\"", "r'\\d'", "b'\\x00'", "'''t'''",
        "(", ")", "[", "]", ",", ".", "+", "-", "*", "/", "=", "!=", "<>", "<", ">", "<=", ">=", "||", "<<",
        "=>", "->", "@", "?", ":", "~", "&", "|", "^", "%",
    ]

    /// A random expression of balanced brackets, with random spacing between tokens.
    static func randomExpression(_ rng: inout SplitMix64) -> String {
        var out = ""
        var open: [String] = []
        let length = Int(rng.next() % 24) + 1
        for _ in 0..<length {
            var token = vocabulary[Int(rng.next() % UInt64(vocabulary.count))]
            if token == ")" || token == "]" {
                guard let last = open.popLast() else { continue }
                token = last == "(" ? ")" : "]"
            } else if token == "(" || token == "[" {
                open.append(token)
            }
            out += token
            out += rng.next() % 3 == 0 ? "" : " "
        }
        for bracket in open.reversed() { out += bracket == "(" ? ")" : "]" }
        return out
    }

    static func tokenKinds(_ text: String) -> [TokenKind] {
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            var lexer = Lexer(bytes: buffer)
            var kinds: [TokenKind] = []
            while true {
                let token = lexer.next()
                if token.kind == .endOfInput { return kinds }
                // Comments are dropped from expressions (the parser moves them to the statement).
                if token.kind != .comment { kinds.append(token.kind) }
            }
        }
    }

    @Test("canonical text is a fixed point and keeps the token sequence", arguments: Array(UInt64(0)..<20))
    func fixedPoint(seed: UInt64) {
        var rng = SplitMix64(seed: seed &* 7919 &+ 1)
        for round in 0..<500 {
            let source = Self.randomExpression(&rng)
            guard let first = try? Expression(parsing: source) else { continue }
            let second = try? Expression(parsing: first.text)
            #expect(second?.text == first.text, "seed \(seed) round \(round): \(source) -> \(first.text) -> \(second?.text ?? "error")")
            // Spelling may change (quotes, case) but never the kinds and number of tokens.
            #expect(Self.tokenKinds(first.text) == Self.tokenKinds(source), "seed \(seed) round \(round): ⟦\(source)⟧ -> ⟦\(first.text)⟧")
            if second?.text != first.text { return }
        }
    }
}
