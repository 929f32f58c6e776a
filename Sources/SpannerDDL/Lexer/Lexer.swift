/// Splits GoogleSQL DDL source into tokens.
///
/// Works on raw UTF-8 bytes so that a 10 MB schema lexes without creating a `String` per token.
/// Problems (an unterminated string, a bad escape) are collected in `diagnostics` and the lexer
/// carries on, so that one run reports every broken statement.
public struct Lexer {
    let bytes: UnsafeBufferPointer<UInt8>
    public private(set) var position: Int
    public var diagnostics: [DDLDiagnostic] = []
    /// PostgreSQL quotes names with `"` and strings with `'` (doubling the quote to escape it),
    /// has no backtick, `#` comment or prefixed literal, and spells casts `::`.
    public let dialect: Dialect
    /// The previous non-comment token's kind, to tell `t.5` (a path) from `.5` (a number).
    private var previousKind: TokenKind = .semicolon

    public init(bytes: UnsafeBufferPointer<UInt8>, position: Int = 0, dialect: Dialect = .googleSQL) {
        self.bytes = bytes
        self.position = position
        self.dialect = dialect
    }

    // MARK: - Scanning

    /// The next token, comments included; `.endOfInput` at the end, forever.
    public mutating func next() -> Token {
        skipWhitespace()
        let start = position
        guard start < bytes.count else { return Token(kind: .endOfInput, start: start, end: start) }
        let token = scanToken(start: start)
        if token.kind != .comment { previousKind = token.kind }
        return token
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C: position += 1
            default: return
            }
        }
    }

    fileprivate func byte(at index: Int) -> UInt8 { index < bytes.count ? bytes[index] : 0 }

    private mutating func scanToken(start: Int) -> Token {
        let c = bytes[start]
        if dialect == .postgreSQL, let token = scanPostgreSQLToken(start: start) { return token }
        switch c {
        case UInt8(ascii: "-") where byte(at: start + 1) == UInt8(ascii: "-"):
            return scanLineComment(start: start)
        case UInt8(ascii: "#"):
            return scanLineComment(start: start)
        case UInt8(ascii: "/") where byte(at: start + 1) == UInt8(ascii: "*"):
            return scanBlockComment(start: start)
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return scanString(start: start, quoteAt: start, raw: false, isBytes: false)
        case UInt8(ascii: "`"):
            return scanQuotedIdentifier(start: start)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return scanNumber(start: start)
        case UInt8(ascii: "."):
            let next = byte(at: start + 1)
            let afterName =
                previousKind == .identifier || previousKind == .quotedIdentifier
                || previousKind == .rightParen || previousKind == .rightBracket
            if next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9") && !afterName {
                return scanNumber(start: start)
            }
            position = start + 1
            return Token(kind: .dot, start: start, end: position)
        case UInt8(ascii: "r"), UInt8(ascii: "R"), UInt8(ascii: "b"), UInt8(ascii: "B"):
            if let literal = scanPrefixedString(start: start) { return literal }
            return scanWord(start: start)
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
            return scanWord(start: start)
        default:
            return scanPunctuation(start: start)
        }
    }

    fileprivate mutating func scanWord(start: Int) -> Token {
        var i = start + 1
        while i < bytes.count {
            let b = bytes[i]
            let isWordByte =
                (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")
            if !isWordByte { break }
            i += 1
        }
        position = i
        let keyword = Keyword.lookup(UnsafeBufferPointer(rebasing: bytes[start..<i]))
        return Token(kind: .identifier, keyword: keyword, start: start, end: i)
    }

    private mutating func scanLineComment(start: Int) -> Token {
        var i = start
        while i < bytes.count, bytes[i] != UInt8(ascii: "\n") { i += 1 }
        position = i
        return Token(kind: .comment, start: start, end: i)
    }

    private mutating func scanBlockComment(start: Int) -> Token {
        var i = start + 2
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/") {
                position = i + 2
                return Token(kind: .comment, start: start, end: position)
            }
            i += 1
        }
        diagnostics.append(.unterminatedComment(at: start))
        position = bytes.count
        return Token(kind: .invalid, start: start, end: position)
    }

    /// `r'…'`, `b"…"`, `rb'''…'''`, `BR"…"`: a string or bytes literal with a prefix, or nil.
    private mutating func scanPrefixedString(start: Int) -> Token? {
        let first = bytes[start] | 0x20
        let second = byte(at: start + 1)
        let secondLower = second | 0x20
        if second == UInt8(ascii: "'") || second == UInt8(ascii: "\"") {
            return scanString(start: start, quoteAt: start + 1, raw: first == UInt8(ascii: "r"), isBytes: first == UInt8(ascii: "b"))
        }
        let third = byte(at: start + 2)
        let isPair = (first == UInt8(ascii: "r") && secondLower == UInt8(ascii: "b")) || (first == UInt8(ascii: "b") && secondLower == UInt8(ascii: "r"))
        if isPair && (third == UInt8(ascii: "'") || third == UInt8(ascii: "\"")) {
            return scanString(start: start, quoteAt: start + 2, raw: true, isBytes: true)
        }
        return nil
    }

    private mutating func scanString(start: Int, quoteAt: Int, raw: Bool, isBytes: Bool) -> Token {
        let kind: TokenKind = isBytes ? .bytes : .string
        let quote = bytes[quoteAt]
        let triple = byte(at: quoteAt + 1) == quote && byte(at: quoteAt + 2) == quote
        var i = quoteAt + (triple ? 3 : 1)
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\\") {
                if raw {
                    i += 2
                } else if let length = validateEscape(at: i, isBytes: isBytes) {
                    i += length
                } else {
                    // Keep scanning for the closing quote so one bad escape does not swallow the file.
                    i += 2
                }
                continue
            }
            if b == quote {
                if !triple {
                    position = i + 1
                    return Token(kind: kind, start: start, end: position)
                }
                if byte(at: i + 1) == quote && byte(at: i + 2) == quote {
                    position = i + 3
                    return Token(kind: kind, start: start, end: position)
                }
            }
            if b == UInt8(ascii: "\n") && !triple { break }
            i += 1
        }
        diagnostics.append(.unterminatedString(at: start))
        // An unterminated one-line string ends at its line, so the next lines still parse.
        position = min(i, bytes.count)
        return Token(kind: .invalid, start: start, end: position)
    }

    private mutating func scanQuotedIdentifier(start: Int) -> Token {
        var i = start + 1
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\\") {
                i += validateEscape(at: i, isBytes: false) ?? 2
                continue
            }
            if b == UInt8(ascii: "`") {
                position = i + 1
                if i == start + 1 {
                    diagnostics.append(.emptyIdentifier(at: start))
                    return Token(kind: .invalid, start: start, end: position)
                }
                return Token(kind: .quotedIdentifier, start: start, end: position)
            }
            if b == UInt8(ascii: "\n") { break }
            i += 1
        }
        diagnostics.append(.unterminatedIdentifier(at: start))
        position = min(i, bytes.count)
        return Token(kind: .invalid, start: start, end: position)
    }

    /// Checks the escape sequence at `index` (a backslash); returns its length, or nil after
    /// reporting it.
    private mutating func validateEscape(at index: Int, isBytes: Bool) -> Int? {
        let c = byte(at: index + 1)
        switch c {
        case UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"),
            UInt8(ascii: "t"), UInt8(ascii: "v"), UInt8(ascii: "\\"), UInt8(ascii: "?"), UInt8(ascii: "\""),
            UInt8(ascii: "'"), UInt8(ascii: "`"):
            return 2
        case UInt8(ascii: "x"), UInt8(ascii: "X"):
            if isHex(byte(at: index + 2)) && isHex(byte(at: index + 3)) { return 4 }
            diagnostics.append(.invalidEscape("'\\x': two hexadecimal digits must follow", at: index))
            return nil
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = c == UInt8(ascii: "u") ? 4 : 8
            var value: UInt32 = 0
            for k in 0..<digits {
                let h = byte(at: index + 2 + k)
                guard isHex(h) else {
                    diagnostics.append(.invalidEscape("'\\\(Character(Unicode.Scalar(c)))': \(digits) hexadecimal digits must follow", at: index))
                    return nil
                }
                value = value &* 16 &+ UInt32(hexValue(h))
            }
            if isBytes || Unicode.Scalar(value) == nil {
                let reason = isBytes ? "is not allowed in a bytes literal" : "is not a valid Unicode scalar"
                diagnostics.append(.invalidEscape("'\\\(Character(Unicode.Scalar(c)))' \(reason)", at: index))
                return nil
            }
            return 2 + digits
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            let d2 = byte(at: index + 2), d3 = byte(at: index + 3)
            if (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(d2) && (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(d3) {
                return 4
            }
            diagnostics.append(.invalidEscape("'\\\(Character(Unicode.Scalar(c)))': an octal escape has exactly three digits", at: index))
            return nil
        case 0:
            diagnostics.append(.invalidEscape("at end of input", at: index))
            return nil
        default:
            let shown = c < 0x80 && c >= 0x20 ? "'\\\(Character(Unicode.Scalar(c)))'" : "after '\\'"
            diagnostics.append(.invalidEscape(shown, at: index))
            return nil
        }
    }

    private mutating func scanNumber(start: Int) -> Token {
        var i = start
        if bytes[i] == UInt8(ascii: "0") && (byte(at: i + 1) | 0x20) == UInt8(ascii: "x") {
            i += 2
            let digitsStart = i
            while i < bytes.count, isHex(bytes[i]) { i += 1 }
            position = i
            if i == digitsStart {
                diagnostics.append(.invalidNumber("a hexadecimal literal needs at least one digit after '0x'", at: start))
                return Token(kind: .invalid, start: start, end: i)
            }
            return Token(kind: .integer, start: start, end: i)
        }
        var isFloat = false
        while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        if byte(at: i) == UInt8(ascii: ".") {
            isFloat = true
            i += 1
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if (byte(at: i) | 0x20) == UInt8(ascii: "e") {
            var j = i + 1
            if byte(at: j) == UInt8(ascii: "+") || byte(at: j) == UInt8(ascii: "-") { j += 1 }
            if isDigit(byte(at: j)) {
                isFloat = true
                i = j
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            } else {
                position = j
                diagnostics.append(.invalidNumber("an exponent needs at least one digit", at: start))
                return Token(kind: .invalid, start: start, end: j)
            }
        }
        position = i
        return Token(kind: isFloat ? .float : .integer, start: start, end: i)
    }

    private mutating func scanPunctuation(start: Int) -> Token {
        let c = bytes[start]
        let next = byte(at: start + 1)
        var length = 1
        let kind: TokenKind
        switch c {
        case UInt8(ascii: "("): kind = .leftParen
        case UInt8(ascii: ")"): kind = .rightParen
        case UInt8(ascii: "["): kind = .leftBracket
        case UInt8(ascii: "]"): kind = .rightBracket
        case UInt8(ascii: "{"): kind = .leftBrace
        case UInt8(ascii: "}"): kind = .rightBrace
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: ";"): kind = .semicolon
        case UInt8(ascii: "<"):
            kind = .operator
            if next == UInt8(ascii: "=") || next == UInt8(ascii: ">") || next == UInt8(ascii: "<") { length = 2 }
        case UInt8(ascii: ">"):
            // `>>` stays two tokens so that `ARRAY<STRUCT<a INT64>>` closes both brackets.
            kind = .operator
            if next == UInt8(ascii: "=") { length = 2 }
        case UInt8(ascii: "="):
            kind = .operator
            if next == UInt8(ascii: ">") { length = 2 }
        case UInt8(ascii: "!"):
            guard next == UInt8(ascii: "=") else { return invalidCharacter(start: start) }
            kind = .operator
            length = 2
        case UInt8(ascii: "|"):
            kind = .operator
            if next == UInt8(ascii: "|") || next == UInt8(ascii: ">") { length = 2 }
        case UInt8(ascii: "-"):
            kind = .operator
            if next == UInt8(ascii: ">") { length = 2 }
        case UInt8(ascii: "+"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "^"), UInt8(ascii: "~"), UInt8(ascii: "@"), UInt8(ascii: "?"), UInt8(ascii: ":"):
            kind = .operator
        default:
            return invalidCharacter(start: start)
        }
        position = start + length
        return Token(kind: kind, start: start, end: position)
    }

    fileprivate mutating func invalidCharacter(start: Int) -> Token {
        let c = bytes[start]
        var length = 1
        if c >= 0xF0 { length = 4 } else if c >= 0xE0 { length = 3 } else if c >= 0xC0 { length = 2 }
        let end = min(start + length, bytes.count)
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        let shown = c < 0x20 || c == 0x7F ? "(byte 0x\(String(c, radix: 16, uppercase: true)))" : "'\(text)'"
        diagnostics.append(.invalidCharacter(shown, at: start))
        position = end
        return Token(kind: .invalid, start: start, end: end)
    }
}

// MARK: - Byte classes

@inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

@inline(__always) func isHex(_ b: UInt8) -> Bool {
    isDigit(b) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "F"))
}

@inline(__always) func hexValue(_ b: UInt8) -> UInt8 {
    if isDigit(b) { return b - UInt8(ascii: "0") }
    return (b | 0x20) - UInt8(ascii: "a") + 10
}

// MARK: - PostgreSQL

extension Lexer {
    /// The tokens PostgreSQL spells differently, or nil for those it spells like GoogleSQL.
    fileprivate mutating func scanPostgreSQLToken(start: Int) -> Token? {
        switch bytes[start] {
        case UInt8(ascii: "'"):
            return scanDoubledQuote(start: start, kind: .string)
        case UInt8(ascii: "\""):
            return scanDoubledQuote(start: start, kind: .quotedIdentifier)
        case UInt8(ascii: "`"):
            // A GoogleSQL-quoted name: one error for the whole name, not one per backtick.
            var end = start + 1
            while end < bytes.count, bytes[end] != UInt8(ascii: "`"), bytes[end] != UInt8(ascii: "\n") { end += 1 }
            if end < bytes.count, bytes[end] == UInt8(ascii: "`") { end += 1 }
            diagnostics.append(.invalidCharacter("'`' (PostgreSQL quotes names with double quotes)", at: start))
            position = end
            return Token(kind: .invalid, start: start, end: end)
        case UInt8(ascii: "#"):
            position = start + 1
            return Token(kind: .operator, start: start, end: position)
        case UInt8(ascii: ":") where byte(at: start + 1) == UInt8(ascii: ":"):
            position = start + 2
            return Token(kind: .operator, start: start, end: position)
        case UInt8(ascii: "r"), UInt8(ascii: "R"), UInt8(ascii: "b"), UInt8(ascii: "B"):
            return scanWord(start: start)
        default:
            return nil
        }
    }

    /// `'it''s'` or `"Quoted ""name"""`: the quote doubled inside stands for itself, and a
    /// backslash is an ordinary character.
    private mutating func scanDoubledQuote(start: Int, kind: TokenKind) -> Token {
        let quote = bytes[start]
        var i = start + 1
        while i < bytes.count {
            if bytes[i] == quote {
                if byte(at: i + 1) == quote {
                    i += 2
                    continue
                }
                position = i + 1
                if kind == .quotedIdentifier && i == start + 1 {
                    diagnostics.append(.emptyIdentifier(at: start))
                    return Token(kind: .invalid, start: start, end: position)
                }
                return Token(kind: kind, start: start, end: position)
            }
            i += 1
        }
        diagnostics.append(kind == .string ? .unterminatedString(at: start) : .unterminatedIdentifier(at: start))
        position = bytes.count
        return Token(kind: .invalid, start: start, end: position)
    }
}
