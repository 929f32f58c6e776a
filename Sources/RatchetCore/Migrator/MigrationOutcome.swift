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

/// What `Migrator.migrate` did: the validated run, how it went, and the schema it started
/// from.
public struct MigrationReport: Sendable {
    public var run: MigrationRun
    public var outcome: MigrationOutcome
    /// The database's schema when the run began.
    public var before: Schema
    /// The heads before and after (after: where a run that succeeded leaves the database).
    public var headsBefore: [String]
    public var headsAfter: [String]

    /// Whether there was nothing to run.
    public var isEmpty: Bool { run.path.isEmpty }
}

/// What a person sees of a database's state: the recorded state, checked against the files.
public struct TargetStatus: Sendable {
    public var heads: [String]
    public var applied: Set<String>
    public var partial: [String: PartialRevision]
    /// Upgrade checksums recorded when revisions were applied.
    public var checksums: [String: String]
}

/// An applied revision whose file changed since it was applied.
public struct EditedRevision: Sendable, Hashable {
    public var revision: String
    public var file: String
    public var recordedChecksum: String
    public var fileChecksum: String
}
