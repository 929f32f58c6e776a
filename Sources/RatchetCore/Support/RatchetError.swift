/// Every failure RatchetCore reports: what went wrong, where, and what to do about it.
///
/// `description` is the message a user sees: `FILE:LINE: error: message`, then any detail lines
/// (the source line and caret, the heads to choose from, both checksums).
public struct RatchetError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// `ratchet.toml` or an override is wrong.
        case config
        /// A revision file does not parse: header or DDL.
        case revisionFile
        /// The revisions do not form a valid graph: unknown parent, cycle, duplicate id.
        case graph
        /// A target (`head`, an id, `+2`, `label@head`) names nothing, or several things.
        case target
        /// A statement of a migration breaks one of Spanner's rules.
        case migration
        /// An applied revision was edited afterwards.
        case editedRevision
        /// The change needs a flag the user did not give.
        case needsFlag
        /// A file or directory could not be read or written.
        case io
        /// The local sandbox database is unusable.
        case sandbox
        /// A database's version tables could not be read or written, or hold what this
        /// version cannot read.
        case database
        /// Another run holds the migration lock.
        case lockHeld
    }

    public var kind: Kind
    public var message: String
    /// `path` or `path:line` or `path:line:col`, when the problem has a place.
    public var location: String?
    /// Lines printed after the message.
    public var details: [String]

    public init(_ kind: Kind, _ message: String, at location: String? = nil, details: [String] = []) {
        self.kind = kind
        self.message = message
        self.location = location
        self.details = details
    }

    public var description: String {
        let head = location.map { "\($0): error: \(message)" } ?? "error: \(message)"
        return ([head] + details).joined(separator: "\n")
    }

    // MARK: - Factories

    static func config(_ message: String, file: String, line: Int? = nil) -> RatchetError {
        RatchetError(.config, message, at: line.map { "\(file):\($0)" } ?? file)
    }

    static func revisionFile(_ message: String, file: String, line: Int? = nil, details: [String] = []) -> RatchetError {
        RatchetError(.revisionFile, message, at: line.map { "\(file):\($0)" } ?? file, details: details)
    }

    static func io(_ message: String, path: String? = nil) -> RatchetError {
        RatchetError(.io, message, at: path)
    }
}
