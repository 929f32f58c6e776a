import SpannerSchema

/// How a run against a target went.
public struct MigrationOutcome: Sendable {
    /// Revisions whose sections ran to their end, in the order they completed.
    public var completed: [String] = []
    /// A revision left part-way, with the statements of its section the database holds.
    public var partial: (revision: String, statements: Int)?
    /// Why the run stopped part-way; what ran before it is recorded.
    public var failure: RatchetError?
    /// Schema operations sent (the sandbox counts those a live run would send).
    public var schemaOperations = 0
    /// Each schema operation (or the sandbox's one transaction), timed.
    public var batches: [ExecutedBatch] = []
    /// DML statements the sandbox skipped, by revision: it holds no rows.
    public var dmlSkipped: [String: Int] = [:]

    public init() {}

    /// One schema operation as it ran.
    public struct ExecutedBatch: Sendable, Hashable {
        public var statements: Int
        public var seconds: Double
        /// The operation's resource name, or what stood in for one.
        public var operation: String
        /// Seconds each committed statement took, where Spanner reports it.
        public var statementSeconds: [Double]?

        public init(statements: Int, seconds: Double, operation: String, statementSeconds: [Double]? = nil) {
            self.statements = statements
            self.seconds = seconds
            self.operation = operation
            self.statementSeconds = statementSeconds
        }
    }
}
