/// The version tables Ratchet keeps in a Spanner database, named with the project's prefix.
public struct VersionTables: Sendable, Hashable {
    public var prefix: String

    public init(prefix: String) { self.prefix = prefix }

    public var heads: String { prefix + "heads" }
    public var history: String { prefix + "history" }
    public var lock: String { prefix + "lock" }

    /// DDL that creates the tables when they are missing.
    public var createStatements: [String] {
        [
            "CREATE TABLE IF NOT EXISTS \(heads) (\n  Revision STRING(64) NOT NULL,\n  UpgradeChecksum STRING(64) NOT NULL,\n  AppliedAt TIMESTAMP NOT NULL OPTIONS (allow_commit_timestamp = true),\n) PRIMARY KEY(Revision)",
            "CREATE TABLE IF NOT EXISTS \(history) (\n  RunId STRING(36) NOT NULL,\n  Step INT64 NOT NULL,\n  Revision STRING(64) NOT NULL,\n  Direction STRING(16) NOT NULL,\n  State STRING(16) NOT NULL,\n  StatementsApplied INT64 NOT NULL,\n  Checksum STRING(64) NOT NULL,\n  Operation STRING(MAX),\n  Who STRING(MAX),\n  CommittedAt TIMESTAMP NOT NULL OPTIONS (allow_commit_timestamp = true),\n  DurationMs INT64,\n) PRIMARY KEY(RunId, Step)",
            "CREATE TABLE IF NOT EXISTS \(lock) (\n  Id INT64 NOT NULL,\n  Owner STRING(MAX) NOT NULL,\n  Acquired TIMESTAMP NOT NULL,\n  Expires TIMESTAMP NOT NULL,\n) PRIMARY KEY(Id)",
        ]
    }
}
