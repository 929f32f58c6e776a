import SpannerDDL
import SpannerSchema

/// A table renamed between two schemas, declared with `-- ratchet:renamed-from OldName` above
/// its `CREATE TABLE`, so that the plan renames it instead of dropping and recreating it.
///
/// Only tables can be renamed: Spanner's GoogleSQL has no RENAME COLUMN, so a renamed column is
/// a drop and an add, which needs `--allow-destructive`.
public struct TableRename: Sendable, Hashable {
    public var from: ObjectName
    public var to: ObjectName

    public init(from: ObjectName, to: ObjectName) {
        self.from = from
        self.to = to
    }

    static let marker = "ratchet:renamed-from"

    /// The renames a declared schema announces in comments above its CREATE TABLE statements.
    public static func declared(in document: DDLDocument) -> [TableRename] {
        document.statements.compactMap { parsed in
            guard case .createTable(let table) = parsed.statement else { return nil }
            for comment in parsed.leadingComments {
                var text = Substring(comment.text)
                if text.hasPrefix("--") { text = text.dropFirst(2) } else if text.hasPrefix("#") { text = text.dropFirst() } else { continue }
                let words = text.split(separator: " ")
                guard words.count == 2, words[0] == marker else { continue }
                let name = ObjectName(words[1].split(separator: ".").map { Identifier(String($0).trimmingBackticks()) })
                return TableRename(from: name, to: table.name)
            }
            return nil
        }
    }
}

extension String {
    /// The name without its quotes: GoogleSQL's backticks or PostgreSQL's double quotes.
    func trimmingBackticks() -> String {
        guard count >= 2, let first, first == "`" || first == "\"", last == first else { return self }
        return String(dropFirst().dropLast())
    }
}
