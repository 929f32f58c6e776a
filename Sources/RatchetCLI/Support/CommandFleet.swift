import Foundation
import RatchetCore

/// A fleet as a command works on it: the project, the members its definition resolves to
/// (canaries first), one connection for all of them, and the display.
struct CommandFleet {
    let project: Project
    let name: String
    let members: [DatabaseURL]
    let connection: LiveConnection

    /// Resolves the fleet `name` of the project's config.
    static func resolve(_ project: Project, name: String, adminRate: Double?, connection options: ConnectionOptions) async throws(RatchetError) -> CommandFleet {
        let definition = try project.config.fleet(named: name)
        let connection = LiveConnection(accessTokenCommand: options.accessTokenCommand, adminRequestsPerSecond: adminRate)
        let members = try await FleetResolver(connection: connection, directory: project.config.root).members(definition)
        return CommandFleet(project: project, name: name, members: members, connection: connection)
    }

    /// The members with the canaries first: `K` takes the first K, names (database ids or
    /// URLs, comma-separated) take those, in the order given.
    static func canaries(_ text: String?, members: [DatabaseURL]) throws(RatchetError) -> (members: [DatabaseURL], canaries: Int) {
        guard let text else { return (members, 0) }
        if let count = Int(text) { return (members, min(count, members.count)) }
        var chosen: [DatabaseURL] = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            let found = members.filter { member in
                guard case .spanner(let p, let i, let d, _) = member else { return false }
                return name == d || name == "projects/\(p)/instances/\(i)/databases/\(d)" || name == member.description
            }
            guard found.count == 1, let member = found.first else {
                throw RatchetError(
                    .config,
                    found.isEmpty
                        ? "--canary names '\(name)', which is not a member of the fleet; `ratchet fleet list` shows its members"
                        : "--canary names '\(name)', which is the id of \(found.count) members; give its whole path")
            }
            if !chosen.contains(member) { chosen.append(member) }
        }
        return (chosen + members.filter { !chosen.contains($0) }, chosen.count)
    }

    // MARK: - Output

    /// The final table: a row per member, then a summary line.
    static func table(_ report: FleetReport, labels: [String: String]) -> String {
        let header = ["DATABASE", "OUTCOME", "REVISIONS", "STATEMENTS", "OPERATIONS", "TIME", "NOTE"]
        var rows = [header]
        for member in report.members {
            rows.append([
                labels[member.database.description] ?? member.database.description, member.outcome.rawValue, String(member.revisions.count),
                String(member.statements), String(member.schemaOperations), member.outcome == .notStarted ? "-" : String(format: "%.1f s", member.seconds),
                member.error.map { String($0.message.split(separator: "\n").first ?? "") } ?? "",
            ])
        }
        var out = TextTable.render(rows)
        out += "Fleet \(report.fleet): \(FleetSummary.outcomes(report)) in \(String(format: "%.1f", report.seconds)) s."
        if let reason = report.stopReason { out += " Stopped early: \(reason)." }
        return out + "\n"
    }

    /// The final table as JSON, with a fixed key order.
    static func json(_ report: FleetReport, command: String, target: String) -> String {
        let members = report.members.map { member in
            JSONText.object([
                ("database", JSONText.string(member.database.description)),
                ("outcome", JSONText.string(member.outcome.rawValue)),
                ("headsBefore", JSONText.array(member.headsBefore.map(JSONText.string))),
                ("headsAfter", JSONText.array(member.headsAfter.map(JSONText.string))),
                ("revisions", JSONText.array(member.revisions.map(JSONText.string))),
                ("statements", String(member.statements)),
                ("schemaOperations", String(member.schemaOperations)),
                ("seconds", String(format: "%.3f", member.seconds)),
                ("error", member.error.map { JSONText.string($0.message) } ?? "null"),
            ])
        }
        let counts = FleetMemberResult.Outcome.allCases.map { ($0.rawValue, String(report.count($0))) }
        return JSONText.object([
            ("fleet", JSONText.string(report.fleet)),
            ("command", JSONText.string(command)),
            ("target", JSONText.string(target)),
            ("succeeded", report.succeeded ? "true" : "false"),
            ("seconds", String(format: "%.3f", report.seconds)),
            ("stopReason", report.stopReason.map(JSONText.string) ?? "null"),
            ("counts", JSONText.object(counts)),
            ("members", JSONText.array(members)),
        ]) + "\n"
    }
}
