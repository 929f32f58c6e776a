import Foundation
import RatchetCore
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shows a live run's progress on standard error: a bar per schema operation, redrawn in place,
/// on a terminal; plain lines otherwise (pipes, files, CI), one per event.
final class ProgressDisplay: Sendable {
    /// Whether standard error is a terminal that can redraw a line. `CI` and `TERM=dumb` ask
    /// for plain lines, as logs of CI systems keep every carriage return.
    static func wantsBar(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        isatty(2) == 1 && environment["CI"] == nil && environment["TERM"] != "dumb"
    }

    private struct State {
        var drawn = false
        var started: [Int: Date] = [:]
    }

    private let bar: Bool
    private let width: Int
    private let state = Mutex(State())

    init(bar: Bool = ProgressDisplay.wantsBar(), width: Int = 30) {
        self.bar = bar
        self.width = width
    }

    func report(_ event: LiveProgress) {
        guard bar else {
            Console.error(event.description)
            return
        }
        let text: String = state.withLock { state in
            var out = state.drawn ? "\r\u{1B}[2K" : ""
            switch event {
            case .batchSent(let number, let statements, let revisions):
                state.started[number] = Date()
                out += Self.line(number: number, fraction: 0, committed: 0, total: statements, seconds: 0, note: "\(revisions) revision\(revisions == 1 ? "" : "s")", width: width)
                state.drawn = true
            case .batchProgress(let number, let committed, let total, let percent, let throttled):
                let seconds = state.started[number].map { Date().timeIntervalSince($0) } ?? 0
                out += Self.line(number: number, fraction: LiveProgress.fraction(committed: committed, total: total, currentPercent: percent),
                                 committed: committed, total: total, seconds: seconds, note: throttled ? "throttled" : nil, width: width)
                state.drawn = true
            case .batchDone(let number, let statements, let seconds):
                out += Self.line(number: number, fraction: 1, committed: statements, total: statements, seconds: seconds, note: "done", width: width) + "\n"
                state.drawn = false
            default:
                out += event.description + "\n"
                state.drawn = false
            }
            return out
        }
        Console.raw(text, to: 2)
    }

    /// Ends a bar left open (a run that failed mid-batch), so that what follows starts a line.
    func finish() {
        let open = state.withLock { state in
            defer { state.drawn = false }
            return state.drawn
        }
        if open { Console.raw("\n", to: 2) }
    }

    /// One bar line: `schema operation 2 [██████░░░░] 6/10 statements 61% 12.4 s (note)`.
    static func line(number: Int, fraction: Double, committed: Int, total: Int, seconds: Double, note: String?, width: Int) -> String {
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let percent = Int((fraction * 100).rounded(.down))
        return "schema operation \(number) [\(bar)] \(committed)/\(total) statement\(total == 1 ? "" : "s") \(percent)% \(String(format: "%.1f", seconds)) s\(note.map { " (\($0))" } ?? "")"
    }
}
