import Foundation

/// What a live run reports while it works: batches sent, their progress, and the operations an
/// earlier run left behind.
public enum LiveProgress: Sendable, Hashable, CustomStringConvertible {
    /// An operation a crashed or cut-off run left `applying` is being settled.
    case settling(operation: String)
    /// Another schema change is running on the database; the run waits for it.
    case waitingForRunningChange
    /// Schema operation `number` of this run was sent.
    case batchSent(number: Int, statements: Int, revisions: Int)
    /// A poll of schema operation `number`: statements committed, and the percentage of the
    /// statement in progress where Spanner reports one.
    case batchProgress(number: Int, committed: Int, total: Int, currentPercent: Int?, throttled: Bool)
    /// Schema operation `number` ended (successfully or not) after `seconds`.
    case batchDone(number: Int, statements: Int, seconds: Double)
    /// A DML statement of `revision` runs (outside schema operations).
    case dml(revision: String, partitioned: Bool)

    /// The plain line printed when standard error is not a terminal (and in CI).
    public var description: String {
        switch self {
        case .settling(let operation): "settling \(operation) left by an earlier run"
        case .waitingForRunningChange: "waiting for a schema change already running on the database"
        case .batchSent(let number, let statements, let revisions):
            "schema operation \(number): \(statements) statement\(statements == 1 ? "" : "s") (\(revisions) revision\(revisions == 1 ? "" : "s"))"
        case .batchProgress(_, let committed, let total, let percent, let throttled):
            "  \(committed)/\(total) statements committed\(percent.map { committed < total ? ", statement \(committed + 1) at \($0)%" : "" } ?? "")\(throttled ? " (throttled)" : "")"
        case .batchDone(_, let statements, let seconds):
            "  done: \(statements) statement\(statements == 1 ? "" : "s") in \(String(format: "%.1f", seconds)) s"
        case .dml(let revision, let partitioned):
            "\(partitioned ? "partitioned DML" : "DML") of revision \(revision)"
        }
    }

    /// How far a batch is, from 0 to 1: committed statements plus the running one's share.
    public static func fraction(committed: Int, total: Int, currentPercent: Int?) -> Double {
        guard total > 0 else { return 1 }
        let running = committed < total ? Double(min(max(currentPercent ?? 0, 0), 100)) / 100 : 0
        return min(1, (Double(committed) + running) / Double(total))
    }
}
