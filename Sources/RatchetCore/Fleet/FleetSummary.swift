/// One-line summaries of a fleet: how a run went, and where the members stand.
public enum FleetSummary {
    /// `45 completed, 3 up-to-date, 1 partial, 1 not-started`: outcomes in a fixed order, the
    /// ones no member had left out.
    public static func outcomes(_ report: FleetReport) -> String {
        FleetMemberResult.Outcome.allCases.compactMap { outcome in
            let count = report.count(outcome)
            return count == 0 ? nil : "\(count) \(outcome.rawValue)"
        }.joined(separator: ", ")
    }

    /// `212 at a7f6c9d8eafb, 3 behind, 1 drifted`: members at the heads grouped by their heads,
    /// the rest by their state, worst last so the eye ends on it.
    public static func states(_ statuses: [FleetMemberStatus]) -> String {
        var parts: [String] = []
        var atHeads: [String: Int] = [:]
        for status in statuses where status.state == .current {
            atHeads[status.heads.isEmpty ? "base" : status.heads.joined(separator: "+"), default: 0] += 1
        }
        for (heads, count) in atHeads.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            parts.append("\(count) at \(heads)")
        }
        for state in FleetMemberStatus.State.allCases.reversed() where state != .current {
            let count = statuses.filter { $0.state == state }.count
            if count > 0 { parts.append("\(count) \(state.rawValue)") }
        }
        return parts.isEmpty ? "no members" : parts.joined(separator: ", ")
    }
}
