/// Where one member of a fleet stands against the revision files.
public struct FleetMemberStatus: Sendable {
    public var database: DatabaseURL
    public var heads: [String] = []
    /// Revisions not applied, in graph order.
    public var pending: [String] = []
    /// Revisions left part-way.
    public var partial: [String] = []
    /// Applied revisions whose files were edited since.
    public var edited: [String] = []
    /// Statements that would make the schema what its applied revisions produce; empty when
    /// there is no drift.
    public var drift: [String] = []
    /// Why the member could not be read, when it could not.
    public var error: RatchetError?

    public init(database: DatabaseURL) { self.database = database }

    /// The group a member falls in, worst first: a summary counts members by it.
    public enum State: String, Sendable, Hashable, CaseIterable, Comparable {
        case unreachable, partial, drifted, edited, behind, current

        public static func < (a: State, b: State) -> Bool {
            (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
        }
    }

    public var state: State {
        if error != nil { return .unreachable }
        if !partial.isEmpty { return .partial }
        if !drift.isEmpty { return .drifted }
        if !edited.isEmpty { return .edited }
        if !pending.isEmpty { return .behind }
        return .current
    }

    /// Whether `check --fleet` passes for this member.
    public var isHealthy: Bool { state == .current }
}
