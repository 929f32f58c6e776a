/// One recorded step of a revision, as every target reports it: the sandbox's history table and
/// Spanner's read the same way.
public struct HistoryRecord: Sendable, Hashable {
    public var revision: String
    public var direction: StepDirection
    public var state: RevisionState
    /// Statements of the revision's section the database holds after the step.
    public var statements: Int
    public var checksum: String
    /// The schema operation the step's statements went in, on Spanner.
    public var operation: OperationSlice?
    /// When the step was committed, RFC 3339.
    public var at: String?
    public var who: String?
    public var durationMs: Int64?
    /// What the step left out, such as DML the sandbox skipped.
    public var note: String

    public init(
        revision: String, direction: StepDirection, state: RevisionState, statements: Int, checksum: String = "", operation: OperationSlice? = nil,
        at: String? = nil, who: String? = nil, durationMs: Int64? = nil, note: String = ""
    ) {
        self.revision = revision
        self.direction = direction
        self.state = state
        self.statements = statements
        self.checksum = checksum
        self.operation = operation
        self.at = at
        self.who = who
        self.durationMs = durationMs
        self.note = note
    }
}
