/// A fleet as `ratchet.toml` declares it: `[fleet.NAME]` with any of an explicit list of
/// databases, patterns over instances, and a command whose output lists databases.
///
/// ```toml
/// [fleet.tenants]
/// databases = ["spanner://projects/p/instances/i/databases/tenant-main"]
/// pattern = "spanner://projects/p/instances/i/databases/tenant-*"
/// command = "./list-tenant-databases"
/// ```
public struct FleetDefinition: Sendable, Hashable {
    public var name: String
    public var databases: [DatabaseURL] = []
    public var patterns: [FleetPattern] = []
    /// Run with `/bin/sh -c` in the project's directory; each line of its output is a
    /// `spanner://` URL (blank lines and `#` comments are skipped).
    public var command: String?
    /// Where it was declared, for errors.
    public var file: String
    public var line: Int?

    public init(name: String, databases: [DatabaseURL] = [], patterns: [FleetPattern] = [], command: String? = nil, file: String = "", line: Int? = nil) {
        self.name = name
        self.databases = databases
        self.patterns = patterns
        self.command = command
        self.file = file
        self.line = line
    }

    /// The keys a `[fleet.NAME]` table takes.
    public enum Key: String, CaseIterable, Sendable {
        case databases, pattern, patterns, command
    }

    var isEmpty: Bool { databases.isEmpty && patterns.isEmpty && command == nil }
}
