/// Reads the part of TOML that `ratchet.toml` uses, remembering the line of every key.
///
/// Tables (`[env.prod]`), `key = value` with basic and literal strings, integers, booleans and
/// single-line arrays of those, and `#` comments. Ratchet reads its own small file with this
/// rather than a general TOML library because every config error must name the key and its
/// line, which needs the position of each value.
struct TOMLReader {
    enum Value: Sendable, Hashable {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case array([Value])

        var typeName: String {
            switch self {
            case .string: "a string"
            case .integer: "an integer"
            case .boolean: "a boolean"
            case .array: "an array"
            }
        }
    }

    struct Entry: Sendable, Hashable {
        /// Dotted path: `env.prod.database`.
        var key: String
        var value: Value
        var line: Int
    }

    let file: String

    func read(_ text: String) throws(RatchetError) -> [Entry] {
        var entries: [Entry] = []
        var table = ""
        var seen: [String: Int] = [:]
        var tables: [String: Int] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            var scanner = Scanner(Array(rawLine.utf8), file: file, line: lineNumber)
            scanner.skipSpaces()
            if scanner.atEnd || scanner.peek == UInt8(ascii: "#") { continue }
            if scanner.peek == UInt8(ascii: "[") {
                scanner.advance()
                if scanner.peek == UInt8(ascii: "[") { throw .config("arrays of tables ([[...]]) are not used in ratchet.toml", file: file, line: lineNumber) }
                let name = try scanner.dottedKey()
                scanner.skipSpaces()
                guard scanner.peek == UInt8(ascii: "]") else { throw .config("expected ']' to close the table name", file: file, line: lineNumber) }
                scanner.advance()
                try scanner.expectLineEnd()
                if let first = tables[name] { throw .config("table [\(name)] is defined twice (first on line \(first))", file: file, line: lineNumber) }
                tables[name] = lineNumber
                table = name
                continue
            }
            let key = try scanner.dottedKey()
            scanner.skipSpaces()
            guard scanner.peek == UInt8(ascii: "=") else { throw .config("expected '=' after the key '\(key)'", file: file, line: lineNumber) }
            scanner.advance()
            scanner.skipSpaces()
            let value = try scanner.value()
            try scanner.expectLineEnd()
            let full = table.isEmpty ? key : "\(table).\(key)"
            if let first = seen[full] { throw .config("'\(full)' is set twice (first on line \(first))", file: file, line: lineNumber) }
            seen[full] = lineNumber
            entries.append(Entry(key: full, value: value, line: lineNumber))
        }
        return entries
    }

    private struct Scanner {
        let bytes: [UInt8]
        let file: String
        let line: Int
        var position = 0

        init(_ bytes: [UInt8], file: String, line: Int) {
            self.bytes = bytes.last == UInt8(ascii: "\r") ? Array(bytes.dropLast()) : bytes
            self.file = file
            self.line = line
        }

        var atEnd: Bool { position >= bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[position] }
        mutating func advance() { position += 1 }

        mutating func skipSpaces() {
            while let byte = peek, byte == 0x20 || byte == 0x09 { advance() }
        }

        func error(_ message: String) -> RatchetError { .config("\(message) (column \(position + 1))", file: file, line: line) }

        mutating func expectLineEnd() throws(RatchetError) {
            skipSpaces()
            guard atEnd || peek == UInt8(ascii: "#") else { throw error("unexpected text after the value") }
        }

        mutating func bareKey() throws(RatchetError) -> String {
            if peek == UInt8(ascii: "\"") {
                guard case .string(let key) = try value() else { throw error("expected a key") }
                return key
            }
            let start = position
            while let byte = peek, (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2D {
                advance()
            }
            guard position > start else { throw error("expected a key name") }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        mutating func dottedKey() throws(RatchetError) -> String {
            skipSpaces()
            var parts = [try bareKey()]
            skipSpaces()
            while peek == UInt8(ascii: ".") {
                advance()
                skipSpaces()
                parts.append(try bareKey())
                skipSpaces()
            }
            return parts.joined(separator: ".")
        }

        mutating func value() throws(RatchetError) -> Value {
            guard let byte = peek else { throw error("expected a value") }
            switch byte {
            case UInt8(ascii: "\""):
                advance()
                var out: [UInt8] = []
                while true {
                    guard let c = peek else { throw error("unterminated string") }
                    advance()
                    if c == UInt8(ascii: "\"") { break }
                    if c == UInt8(ascii: "\\") {
                        guard let e = peek else { throw error("unterminated string") }
                        advance()
                        switch e {
                        case UInt8(ascii: "n"): out.append(0x0A)
                        case UInt8(ascii: "t"): out.append(0x09)
                        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(e)
                        default: throw error("unsupported escape '\\\(Character(Unicode.Scalar(e)))'")
                        }
                    } else {
                        out.append(c)
                    }
                }
                return .string(String(decoding: out, as: UTF8.self))
            case UInt8(ascii: "'"):
                advance()
                let start = position
                while let c = peek, c != UInt8(ascii: "'") { advance() }
                guard peek != nil else { throw error("unterminated string") }
                let text = String(decoding: bytes[start..<position], as: UTF8.self)
                advance()
                return .string(text)
            case UInt8(ascii: "["):
                advance()
                var items: [Value] = []
                while true {
                    skipSpaces()
                    if peek == UInt8(ascii: "]") { advance(); break }
                    items.append(try value())
                    skipSpaces()
                    if peek == UInt8(ascii: ",") { advance(); continue }
                    guard peek == UInt8(ascii: "]") else { throw error("expected ',' or ']' in the array") }
                }
                return .array(items)
            default:
                let start = position
                while let c = peek, c != 0x20, c != 0x09, c != UInt8(ascii: "#"), c != UInt8(ascii: ","), c != UInt8(ascii: "]") { advance() }
                let word = String(decoding: bytes[start..<position], as: UTF8.self)
                if word == "true" { return .boolean(true) }
                if word == "false" { return .boolean(false) }
                if let number = Int(word.replacingOccurrences(of: "_", with: "")) { return .integer(number) }
                throw error("'\(word)' is not a value: strings need quotes (\"...\")")
            }
        }
    }
}
