/// What a fleet run did: every member's result, in the fleet's order.
public struct FleetReport: Sendable {
    public var fleet: String
    public var members: [FleetMemberResult]
    /// Why members were left unstarted, if any were.
    public var stopReason: String?
    public var seconds: Double

    public func count(_ outcome: FleetMemberResult.Outcome) -> Int { members.filter { $0.outcome == outcome }.count }

    /// Whether every member reached the target.
    public var succeeded: Bool { members.allSatisfy { $0.outcome == .completed || $0.outcome == .upToDate } }
}
