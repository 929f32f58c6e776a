import SpannerDDL

/// The parsed sections of a revision file.
public struct RevisionBody: Sendable {
    public var upgrade: [Step]
    public var downgrade: [Step]
    /// SHA-256 of each section's canonical DDL (comments and layout excluded).
    public var upgradeChecksum: String
    public var downgradeChecksum: String
    /// Parser warnings, as `file:line:col: warning: ...` (a statement Ratchet keeps but does
    /// not model, for example).
    public var warnings: [String] = []

    /// One statement of a section, with where it was written.
    public struct Step: Sendable, Hashable {
        public var statement: Statement {
            didSet { sql = DDLPrinter.sql(statement, dialect: dialect) }
        }
        /// The project's dialect, which `sql` is printed in.
        public let dialect: Dialect
        /// The statement as canonical DDL, printed once: the checksum, the plan and the run all
        /// read it.
        public private(set) var sql: String
        public var line: Int
        public var column: Int
        /// Marked `-- ratchet:partitioned-dml`: runs as partitioned DML.
        public var partitionedDML: Bool
        /// Marked `-- ratchet:data-loss ...` by autogenerate: reversing it cannot restore data.
        public var dataLoss: String?
        /// `-- ratchet:lint-ignore RULE reason` lines: the reason by rule id. Comments, so
        /// acknowledging a finding does not change the revision's checksum.
        public var lintIgnores: [String: String] = [:]

        public init(
            statement: Statement, line: Int, column: Int, partitionedDML: Bool, dataLoss: String?, lintIgnores: [String: String] = [:],
            dialect: Dialect = .googleSQL
        ) {
            self.statement = statement
            self.dialect = dialect
            self.sql = DDLPrinter.sql(statement, dialect: dialect)
            self.line = line
            self.column = column
            self.partitionedDML = partitionedDML
            self.dataLoss = dataLoss
            self.lintIgnores = lintIgnores
        }
    }

    public enum Direction: String, Sendable, Hashable, Codable {
        case upgrade, downgrade
    }

    public func steps(_ direction: Direction) -> [Step] { direction == .upgrade ? upgrade : downgrade }
    public func checksum(_ direction: Direction) -> String { direction == .upgrade ? upgradeChecksum : downgradeChecksum }
}
