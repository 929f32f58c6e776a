/// What a run would do on one member (`upgrade --fleet --dry-run`).
public struct FleetMemberPreview: Sendable {
    public var database: DatabaseURL
    public var heads: [String] = []
    public var statements = 0
    public var schemaOperations = 0
    /// Statements that would make the schema what its applied revisions produce.
    public var drift = 0
    /// Pre-checks that found rows a statement would fail on.
    public var failingPrechecks: [PrecheckResult] = []
    public var error: RatchetError?

    public init(database: DatabaseURL) { self.database = database }

    /// Whether the run would be refused or fail before sending anything.
    public func wouldStop(ignoringDrift: Bool) -> Bool { error != nil || !failingPrechecks.isEmpty || (drift > 0 && !ignoringDrift) }
}
