import SpannerDDL
import Testing

@Suite("Lexer")
struct LexerTests {
    /// Kinds and texts of every token of `text`, comments included.
    static func lex(_ text: String) -> [(TokenKind, String)] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var lexer = Lexer(bytes: buffer)
            var out: [(TokenKind, String)] = []
            while true {
                let token = lexer.next()
                if token.kind == .endOfInput { return out }
                out.append((token.kind, String(decoding: buffer[token.start..<token.end], as: UTF8.self)))
            }
        }
    }

    static func diagnostics(_ text: String) -> [DDLDiagnostic] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var lexer = Lexer(bytes: buffer)
            while lexer.next().kind != .endOfInput {}
            return lexer.diagnostics
        }
    }

    @Test(
        "string literal forms",
        arguments: [
            "'single'", "\"double\"", "'''triple ' quote'''", "\"\"\"triple \" quote\"\"\"", "r'raw\\d'", "R\"raw\"",
            "b'bytes'", "B\"bytes\"", "rb'raw bytes'", "br'raw bytes'", "RB\"x\"", "bR'''y'''", "'esc\\'aped'", "'\\x41\\u00e9\\U0001F600\\101'",
        ])
    func stringForms(_ literal: String) {
        let tokens = Self.lex(literal)
        #expect(tokens.count == 1)
        let expectedKind: TokenKind = literal.lowercased().hasPrefix("b") || literal.lowercased().hasPrefix("rb") ? .bytes : .string
        #expect(tokens.first?.0 == expectedKind)
        #expect(tokens.first?.1 == literal)
        #expect(Self.diagnostics(literal).isEmpty)
    }

    @Test("a prefix letter followed by a quote starts a literal; otherwise it is a word")
    func prefixesAndWords() {
        #expect(Self.lex("rb rb'' r b").map(\.0) == [.identifier, .bytes, .identifier, .identifier])
        #expect(Self.lex("bytes").map(\.0) == [.identifier])
    }

    @Test("number forms", arguments: [("42", TokenKind.integer), ("0x1F", .integer), ("0XAB", .integer), ("1.5", .float), ("1.", .float), (".5", .float), ("1e10", .float), ("2.5E-3", .float), ("7e+2", .float)])
    func numbers(_ text: String, _ kind: TokenKind) {
        let tokens = Self.lex(text)
        #expect(tokens.count == 1)
        #expect(tokens.first?.0 == kind)
    }

    @Test("a dot after a name is a path separator, not the start of a number")
    func dotAfterName() {
        #expect(Self.lex("t.5").map(\.0) == [.identifier, .dot, .integer])
        #expect(Self.lex("f(x).a").map(\.0) == [.identifier, .leftParen, .identifier, .rightParen, .dot, .identifier])
    }

    @Test("comments of every form, and ';' inside strings and comments does not split")
    func comments() {
        let tokens = Self.lex("a -- x; y\nb # z;\n/* c; d */ 'e;f' `g;h`;")
        #expect(tokens.map(\.0) == [.identifier, .comment, .identifier, .comment, .comment, .string, .quotedIdentifier, .semicolon])
        #expect(tokens[1].1 == "-- x; y")
        #expect(tokens[4].1 == "/* c; d */")
    }

    @Test("keywords are case-insensitive and only whole words")
    func keywords() {
        let bytes = Array("select SeLeCt selected _select CREATE".utf8)
        let keywords: [Keyword?] = bytes.withUnsafeBufferPointer { buffer in
            var lexer = Lexer(bytes: buffer)
            return (0..<5).map { _ in lexer.next().keyword }
        }
        #expect(keywords == [.select, .select, nil, nil, .create])
    }

    @Test("operators: multi-character forms, and '>>' kept as two tokens for nested types")
    func operators() {
        #expect(Self.lex("<= >= <> != || => -> << >>").map(\.1) == ["<=", ">=", "<>", "!=", "||", "=>", "->", "<<", ">", ">"])
    }

    @Test("quoted identifiers keep escapes and may hold any character")
    func quotedIdentifiers() {
        #expect(Self.lex("`a b` `x\\`y` `select`").map(\.0) == [.quotedIdentifier, .quotedIdentifier, .quotedIdentifier])
    }

    @Test(
        "lexical errors are reported and lexing goes on",
        arguments: [
            ("'open", DDLDiagnostic.Kind.unterminatedString, 0),
            ("x /* open", .unterminatedComment, 2),
            ("`open", .unterminatedIdentifier, 0),
            ("``", .emptyIdentifier, 0),
            ("'\\z'", .invalidEscape, 1),
            ("'\\x4'", .invalidEscape, 1),
            ("b'\\u0041'", .invalidEscape, 2),
            ("0x", .invalidNumber, 0),
            ("1e", .invalidNumber, 0),
            ("a $ b", .invalidCharacter, 2),
            ("a ! b", .invalidCharacter, 2),
        ])
    func lexicalErrors(_ text: String, _ kind: DDLDiagnostic.Kind, _ offset: Int) {
        let found = Self.diagnostics(text)
        #expect(found.count == 1)
        #expect(found.first?.kind == kind)
        #expect(found.first?.offset == offset)
    }

    @Test("a one-line string that is not closed ends at its line, so later lines still lex")
    func unterminatedStringStopsAtLineEnd() {
        let tokens = Self.lex("'open\nCREATE")
        #expect(tokens.map(\.0) == [.invalid, .identifier])
    }

    @Test("literal values decode escapes, raw strings keep backslashes")
    func decoding() throws {
        let cases: [(String, [UInt8])] = [
            ("'a\\nb'", Array("a\nb".utf8)),
            ("r'a\\nb'", Array("a\\nb".utf8)),
            ("b'\\x00\\xff'", [0, 255]),
            ("'\\u00e9'", Array("é".utf8)),
            ("'\\101'", [65]),
            ("'''x'y'''", Array("x'y".utf8)),
            ("`a\\`b`", Array("a`b".utf8)),
        ]
        for (text, expected) in cases {
            let bytes = Array(text.utf8)
            let value = bytes.withUnsafeBufferPointer { buffer in
                var lexer = Lexer(bytes: buffer)
                return Literal.decode(lexer.next(), in: buffer)
            }
            #expect(value == expected, "\(text)")
        }
    }
}
