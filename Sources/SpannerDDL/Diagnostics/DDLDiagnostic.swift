/// A problem found in DDL source: the one error type of SpannerDDL.
///
/// Every diagnostic carries the byte offset it points at; `render(in:)` prints it the way swiftc
/// does: `FILE:LINE:COL: error: message`, the source line, and a caret under the column.
public struct DDLDiagnostic: Error, Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable {
        case error, warning, note
    }

    /// What went wrong, so that callers and tests can match on it without parsing the message.
    public enum Kind: String, Sendable, Hashable {
        case unexpectedToken
        case unterminatedString
        case unterminatedComment
        case unterminatedIdentifier
        case invalidEscape
        case invalidCharacter
        case invalidNumber
        case emptyIdentifier
        case unbalancedDelimiter
        case duplicateClause
        case valueOutOfRange
        case unmodeledStatement
        /// Words after CREATE, ALTER or DROP that name no Spanner statement.
        case unknownStatement
        case invalidEncoding
        /// Syntax the dialect has but Spanner refuses (a PostgreSQL `UNIQUE` constraint, say).
        case unsupportedConstruct
    }

    public var kind: Kind
    public var severity: Severity
    public var message: String
    /// Byte offset of the primary location.
    public var offset: Int
    /// Line and column, filled in by the parser driver once per file.
    public var location: SourceLocation?

    public init(kind: Kind, severity: Severity = .error, message: String, offset: Int, location: SourceLocation? = nil) {
        self.kind = kind
        self.severity = severity
        self.message = message
        self.offset = offset
        self.location = location
    }

    // MARK: - Factories

    public static func expected(_ what: String, found: String, at offset: Int) -> DDLDiagnostic {
        DDLDiagnostic(kind: .unexpectedToken, message: "expected \(what), found \(found)", offset: offset)
    }

    public static func unterminatedString(at offset: Int) -> DDLDiagnostic {
        DDLDiagnostic(kind: .unterminatedString, message: "unterminated string literal", offset: offset)
    }

    public static func unterminatedComment(at offset: Int) -> DDLDiagnostic {
        DDLDiagnostic(kind: .unterminatedComment, message: "unterminated /* comment", offset: offset)
    }

    public static func unterminatedIdentifier(at offset: Int) -> DDLDiagnostic {
        DDLDiagnostic(kind: .unterminatedIdentifier, message: "unterminated backtick-quoted identifier", offset: offset)
    }

    public static func invalidEscape(_ detail: String, at offset: Int) -> DDLDiagnostic {
        DDLDiagnostic(kind: .invalidEscape, message: "invalid escape sequence \(detail)", offset: offset)
    }

    public static func invalidCharacter(_ description: String, at offset: Int) -> DDLDiagnostic {
        DDLDiagnostic(kind: .invalidCharacter, message: "unexpected character \(description)", offset: offset)
    }

    public static func invalidNumber(_ detail: String, at offset: Int) -> DDLDiagnostic {
        DDLDiagnostic(kind: .invalidNumber, message: detail, offset: offset)
    }

    public static func emptyIdentifier(at offset: Int) -> DDLDiagnostic {
        DDLDiagnostic(kind: .emptyIdentifier, message: "an identifier cannot be empty", offset: offset)
    }

    public static func unbalanced(_ detail: String, at offset: Int) -> DDLDiagnostic {
        DDLDiagnostic(kind: .unbalancedDelimiter, message: detail, offset: offset)
    }

    public static func duplicateClause(_ clause: String, at offset: Int) -> DDLDiagnostic {
        DDLDiagnostic(kind: .duplicateClause, message: "\(clause) is given more than once", offset: offset)
    }

    public static func outOfRange(_ detail: String, at offset: Int) -> DDLDiagnostic {
        DDLDiagnostic(kind: .valueOutOfRange, message: detail, offset: offset)
    }

    public static func invalidEncoding(at offset: Int) -> DDLDiagnostic {
        DDLDiagnostic(kind: .invalidEncoding, message: "invalid UTF-8 byte sequence; DDL must be UTF-8 text", offset: offset)
    }

    public static func unmodeled(_ statementKind: String, at offset: Int) -> DDLDiagnostic {
        DDLDiagnostic(
            kind: .unmodeledStatement, severity: .warning,
            message: "\(statementKind) is not modeled by Ratchet; it is kept as written and passed through unchanged",
            offset: offset)
    }

    // MARK: - Rendering

    /// `FILE:LINE:COL: severity: message`, then the source line and a caret, like swiftc.
    public func render(in source: SourceFile, lineTable: LineTable? = nil) -> String {
        let table = lineTable ?? source.makeLineTable()
        let loc = location ?? table.location(of: offset, in: source.bytes)
        let line = table.lineText(containing: loc.offset, in: source.bytes)
        // Tabs in the prefix keep their width so the caret lines up in a terminal.
        var caretPrefix = ""
        for (i, ch) in line.unicodeScalars.enumerated() where i < loc.column - 1 {
            caretPrefix.append(ch == "\t" ? "\t" : " ")
        }
        return "\(source.name):\(loc.line):\(loc.column): \(severity.rawValue): \(message)\n\(line)\n\(caretPrefix)^"
    }
}

extension DDLDiagnostic: CustomStringConvertible {
    public var description: String {
        if let location { return "\(location): \(severity.rawValue): \(message)" }
        return "offset \(offset): \(severity.rawValue): \(message)"
    }
}
