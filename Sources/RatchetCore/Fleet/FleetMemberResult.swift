import Foundation
import PlanCache

/// How one member of a fleet run went.
public struct FleetMemberResult: Sendable {
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// Already at the target: nothing was sent.
        case upToDate = "up-to-date"
        /// Its run (or stamp) reached the target.
        case completed
        /// Its run stopped part-way; what ran is recorded and the next run resumes it.
        case partial
        /// Nothing was applied: the run was refused, or failed before its first statement.
        case failed
        /// The rollout stopped before this member's turn.
        case notStarted = "not-started"

        /// Whether the member counts against `--max-failures` and the exit status.
        public var isFailure: Bool { self == .partial || self == .failed }
    }

    public var database: DatabaseURL
    public var outcome: Outcome
    public var headsBefore: [String] = []
    public var headsAfter: [String] = []
    /// Revisions whose sections ran to their end.
    public var revisions: [String] = []
    public var statements = 0
    public var schemaOperations = 0
    public var seconds: Double = 0
    public var error: RatchetError?

    public init(database: DatabaseURL, outcome: Outcome) {
        self.database = database
        self.outcome = outcome
    }

    /// The member as the plan cache keeps it.
    public var cached: CachedPlan.Fleet.Member {
        CachedPlan.Fleet.Member(
            database: database.description, outcome: outcome.rawValue, fromHeads: headsBefore, toHeads: headsAfter, revisions: revisions,
            statements: statements, schemaOperations: schemaOperations, seconds: seconds, error: error?.description)
    }
}
