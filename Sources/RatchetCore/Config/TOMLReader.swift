import TOMLKit

/// Reads `ratchet.toml` with a TOML 1.0 parser (TOMLKit, over toml++), remembering the line of
/// every key so that a config error names it.
///
/// Every construct TOML allows reads the same: basic, literal and multi-line strings, dotted
/// keys, inline tables, arrays of tables. The parser does not report where each value stands,
/// so lines are found by following the file's table headers and key assignments; a key that
/// cannot be placed (one written inside an inline table) is reported without a line.
struct TOMLReader {
    enum Value: Sendable, Hashable {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case array([Value])
        /// A value of a kind Ratchet's settings never take (a float, a date, a table).
        case other(String)

        var typeName: String {
            switch self {
            case .string: "a string"
            case .integer: "an integer"
            case .boolean: "a boolean"
            case .array: "an array"
            case .other(let name): name
            }
        }
    }

    struct Entry: Sendable, Hashable {
        /// Dotted path: `env.prod.database`.
        var key: String
        var value: Value
        var line: Int?
    }

    let file: String

    func read(_ text: String) throws(RatchetError) -> [Entry] {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw RatchetError(.config, "not valid TOML: \(error.description)", at: "\(file):\(error.source.begin.line):\(error.source.begin.column)")
        } catch {
            throw RatchetError(.config, "not valid TOML: \(error)", at: file)
        }
        let lines = Self.keyLines(text)
        var entries: [Entry] = []
        func walk(_ table: TOMLTable, prefix: String) {
            for key in table.keys.sorted() {
                guard let value = table[key] else { continue }
                let path = prefix.isEmpty ? key : prefix + "." + key
                if let nested = value.table {
                    walk(nested, prefix: path)
                } else {
                    entries.append(Entry(key: path, value: Self.value(value), line: lines[path]))
                }
            }
        }
        walk(table, prefix: "")
        // File order where it is known, so that the first error reported is the first in the file.
        return entries.sorted { ($0.line ?? Int.max, $0.key) < ($1.line ?? Int.max, $1.key) }
    }

    private static func value(_ value: TOMLValueConvertible) -> Value {
        switch value.type {
        case .string: .string(value.string ?? "")
        case .int: .integer(value.int ?? 0)
        case .bool: .boolean(value.bool ?? false)
        case .array: .array((value.array.map { Array($0) } ?? []).map { Self.value($0) })
        case .double: .other("a floating-point number")
        case .date, .time, .dateTime: .other("a date or time")
        case .table: .other("a table")
        }
    }

    // MARK: - Where keys stand

    /// The line of each `key = value` assignment, by its full dotted path.
    static func keyLines(_ text: String) -> [String: Int] {
        var result: [String: Int] = [:]
        var table: [String] = []
        var inMultiline: String?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: " \t\r")
            if let delimiter = inMultiline {
                if line.contains(delimiter) { inMultiline = nil }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                let inner = line.drop { $0 == "[" }
                guard let close = inner.firstIndex(of: "]") else { continue }
                table = keyPath(inner[..<close])
                continue
            }
            guard let equals = firstUnquoted("=", in: line) else { continue }
            let path = table + keyPath(line[..<equals])
            result[path.joined(separator: "."), default: index + 1] = index + 1
            let value = line[line.index(after: equals)...].trimmingCharacters(in: " \t")
            for delimiter in ["\"\"\"", "'''"] where value.hasPrefix(delimiter) {
                if !value.dropFirst(3).contains(delimiter) { inMultiline = delimiter }
            }
        }
        return result
    }

    /// The parts of a dotted key: bare, "basic" or 'literal' parts joined by dots.
    static func keyPath(_ text: Substring) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "." {
                parts.append(current)
                current = ""
            } else if character != " " && character != "\t" {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }

    private static func firstUnquoted(_ target: Character, in line: String) -> String.Index? {
        var quote: Character?
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == target {
                return index
            }
            index = line.index(after: index)
        }
        return nil
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
