import Foundation
import PlanCache

/// Cached plans as text and SQL, and the difference between two of them.
public enum PlanText {
    public static func summary(_ plan: CachedPlan) -> String {
        var out = "plan \(plan.id.map(String.init) ?? "-"): \(plan.kind.rawValue) (\(plan.mode.rawValue)) on \(plan.database)"
        if let environment = plan.environment { out += " [env \(environment)]" }
        out += ", \(plan.createdAt)\n"
        if plan.kind == .upgrade || plan.kind == .downgrade {
            out += "heads: \(plan.fromHeads.isEmpty ? "base" : plan.fromHeads.joined(separator: ", ")) -> \(plan.toHeads.isEmpty ? "base" : plan.toHeads.joined(separator: ", "))\n"
        }
        if let run = plan.run {
            out += "run: \(run.outcome.rawValue), \(run.startedAt) -> \(run.endedAt)\n"
            if let error = run.error { out += "error: \(error)\n" }
            if let partial = run.partialState { out += "stopped at: \(partial)\n" }
        }
        if let fleet = plan.fleet {
            out += "fleet \(fleet.name): \(fleet.members.count) member\(fleet.members.count == 1 ? "" : "s")\(fleet.stopReason.map { "; stopped early: \($0)" } ?? "")\n"
            for member in fleet.members {
                out += "  \(member.database): \(member.outcome), \(member.revisions.count) revisions, \(member.statements) statements in \(member.schemaOperations) schema operations"
                out += member.error.map { "; \($0.split(separator: "\n").first ?? "")" } ?? ""
                out += "\n"
            }
        }
        return out
    }

    public static func text(_ plan: CachedPlan) -> String {
        var out = summary(plan)
        for warning in plan.warnings { out += "warning: \(warning)\n" }
        for line in plan.prechecks ?? [] { out += "pre-check: \(line)\n" }
        for note in plan.lint ?? [] {
            out += "lint \(note.severity) [\(note.rule)] \(note.location.map { "\($0): " } ?? "")\(note.message)\(note.acknowledged.map { " (acknowledged: \($0))" } ?? "")\n"
        }
        var batch: Int?
        for statement in plan.statements {
            if statement.batch != batch || statement.batch < 0 {
                batch = statement.batch
                out += statement.batch < 0 ? "\nDML (on its own):\n" : "\nbatch \(statement.batch + 1):\n"
            }
            let marker = statement.cost == "destructive" ? "DESTRUCTIVE" : statement.cost
            out += "  [\(marker)] \(statement.reason)\(statement.revision.map { " (revision \($0))" } ?? "")\n"
            out += statement.sql.split(separator: "\n").map { "    " + $0 + "\n" }.joined()
        }
        if plan.statements.isEmpty { out += "no statements\n" }
        return out
    }

    public static func sql(_ plan: CachedPlan) -> String {
        var out = "-- " + summary(plan).split(separator: "\n").joined(separator: "\n-- ") + "\n"
        var batch: Int?
        for statement in plan.statements {
            if statement.batch != batch || statement.batch < 0 {
                batch = statement.batch
                out += statement.batch < 0 ? "\n-- DML, on its own\n" : "\n-- batch \(statement.batch + 1)\n"
            }
            out += "-- \(statement.cost == "destructive" ? "DESTRUCTIVE" : statement.cost): \(statement.reason)\n"
            if statement.partitionedDML { out += "-- ratchet:partitioned-dml\n" }
            out += statement.sql + ";\n"
        }
        return out
    }

    /// What differs between two plans: their headers, then their statements line by line.
    public static func compare(_ a: CachedPlan, _ b: CachedPlan) -> (text: String, identical: Bool) {
        func lines(_ plan: CachedPlan) -> [String] {
            plan.statements.map { "\($0.batch < 0 ? "dml" : "batch \($0.batch + 1)") [\($0.cost)] \($0.sql.replacingOccurrences(of: "\n", with: " "))" }
        }
        var out = "--- \(summary(a).split(separator: "\n").first ?? "")\n+++ \(summary(b).split(separator: "\n").first ?? "")\n"
        var identical = true
        for line in LineDiff.diff(lines(a), lines(b)) {
            switch line {
            case .same(let text): out += "  \(text)\n"
            case .removed(let text): out += "- \(text)\n"; identical = false
            case .added(let text): out += "+ \(text)\n"; identical = false
            }
        }
        if Set(a.warnings) != Set(b.warnings) {
            identical = false
            for warning in a.warnings where !b.warnings.contains(warning) { out += "- warning: \(warning)\n" }
            for warning in b.warnings where !a.warnings.contains(warning) { out += "+ warning: \(warning)\n" }
        }
        return (out, identical)
    }

    /// `30d`, `12h`, `90m`, `45s`, `2w` as seconds.
    public static func duration(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let count = Double(text.dropLast()), count >= 0 else { return nil }
        switch unit {
        case "s": return count
        case "m": return count * 60
        case "h": return count * 3600
        case "d": return count * 86400
        case "w": return count * 604_800
        default: return nil
        }
    }

    /// The ISO 8601 time `seconds` ago.
    public static func timestamp(secondsAgo seconds: TimeInterval) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date().addingTimeInterval(-seconds))
    }
}
