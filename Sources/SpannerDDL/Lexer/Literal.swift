/// Decoding of quoted tokens and the canonical spelling of literals.
///
/// The lexer has already validated escapes; decoding here does not report errors again.
public enum Literal {
    // MARK: - Decoding

    /// The value of a string, bytes or backtick-quoted identifier token, as raw bytes.
    public static func decode(_ token: Token, in bytes: UnsafeBufferPointer<UInt8>, dialect: Dialect = .googleSQL) -> [UInt8] {
        // A `"` quoted name is PostgreSQL's whichever dialect is asked for: GoogleSQL quotes names
        // with backticks only.
        if (token.kind == .quotedIdentifier && bytes[token.start] == UInt8(ascii: "\""))
            || (dialect == .postgreSQL && token.kind == .string)
        {
            return undouble(token, in: bytes)
        }
        var start = token.start
        var raw = false
        if token.kind == .string || token.kind == .bytes {
            // Skip the prefix letters: r, b, rb, br in any case.
            while bytes[start] != UInt8(ascii: "'") && bytes[start] != UInt8(ascii: "\"") {
                if bytes[start] | 0x20 == UInt8(ascii: "r") { raw = true }
                start += 1
            }
        }
        let quote = bytes[start]
        let triple =
            token.kind != .quotedIdentifier && token.end - start >= 6
            && bytes[start + 1] == quote && bytes[start + 2] == quote
        let open = triple ? 3 : 1
        let contentStart = start + open
        let contentEnd = token.end - open
        guard contentStart <= contentEnd else { return [] }
        if raw {
            return Array(bytes[contentStart..<contentEnd])
        }
        var out: [UInt8] = []
        out.reserveCapacity(contentEnd - contentStart)
        var i = contentStart
        while i < contentEnd {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\"), i + 1 < contentEnd else {
                out.append(b)
                i += 1
                continue
            }
            let c = bytes[i + 1]
            switch c {
            case UInt8(ascii: "a"): out.append(0x07); i += 2
            case UInt8(ascii: "b"): out.append(0x08); i += 2
            case UInt8(ascii: "f"): out.append(0x0C); i += 2
            case UInt8(ascii: "n"): out.append(0x0A); i += 2
            case UInt8(ascii: "r"): out.append(0x0D); i += 2
            case UInt8(ascii: "t"): out.append(0x09); i += 2
            case UInt8(ascii: "v"): out.append(0x0B); i += 2
            case UInt8(ascii: "x"), UInt8(ascii: "X"):
                if i + 3 < contentEnd { out.append(hexValue(bytes[i + 2]) << 4 | hexValue(bytes[i + 3])) }
                i += 4
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let digits = c == UInt8(ascii: "u") ? 4 : 8
                var value: UInt32 = 0
                for k in 0..<digits where i + 2 + k < contentEnd { value = value &* 16 &+ UInt32(hexValue(bytes[i + 2 + k])) }
                if let scalar = Unicode.Scalar(value) { out.append(contentsOf: Array(String(Character(scalar)).utf8)) }
                i += 2 + digits
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value: UInt32 = 0
                for k in 1...3 where i + k < contentEnd { value = value * 8 + UInt32(bytes[i + k] &- UInt8(ascii: "0")) }
                out.append(UInt8(truncatingIfNeeded: value))
                i += 4
            default:
                out.append(c)
                i += 2
            }
        }
        return out
    }

    /// The content of a PostgreSQL quoted token, each doubled quote read as one.
    private static func undouble(_ token: Token, in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard token.end - token.start >= 2 else { return [] }
        let quote = bytes[token.start]
        var out: [UInt8] = []
        out.reserveCapacity(token.end - token.start - 2)
        var i = token.start + 1
        while i < token.end - 1 {
            out.append(bytes[i])
            i += bytes[i] == quote && i + 1 < token.end - 1 && bytes[i + 1] == quote ? 2 : 1
        }
        return out
    }

    // MARK: - Canonical spelling

    /// A PostgreSQL string literal: single quotes, a quote inside doubled.
    public static func postgreSQLString(_ value: String) -> String { doubling("'", in: value) }

    /// A PostgreSQL quoted name: double quotes, a quote inside doubled.
    public static func postgreSQLQuotedIdentifier(_ name: String) -> String { doubling("\"", in: name) }

    private static func doubling(_ quote: Character, in value: String) -> String {
        var out = String(quote)
        for character in value {
            if character == quote { out.append(quote) }
            out.append(character)
        }
        out.append(quote)
        return out
    }

    /// A single-quoted GoogleSQL string literal for `value`, escaping only what must be escaped.
    public static func stringLiteral(_ value: String) -> String {
        var out = "'"
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "'"
        return out
    }

    /// A `b'...'` bytes literal, printable ASCII as is and every other byte as `\xHH`.
    public static func bytesLiteral(_ value: [UInt8]) -> String {
        var out = "b'"
        for b in value {
            switch b {
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "'"): out += "\\'"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(b))
            default: out += "\\x" + hex(UInt32(b), width: 2)
            }
        }
        out += "'"
        return out
    }

    /// A backtick-quoted identifier for `name`.
    public static func quotedIdentifier(_ name: String) -> String {
        var out = "`"
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "`": out += "\\`"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "`"
        return out
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
