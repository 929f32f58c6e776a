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
        /// The bar on screen, redrawn each second so its clock runs between polls (which
        /// back off to many seconds apart on a long backfill).
        var shown: (number: Int, fraction: Double, committed: Int, total: Int, note: String?)?
        var ticker: Task<Void, Never>?
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
        state.withLock { state in
            var out = state.drawn ? "\r\u{1B}[2K" : ""
            switch event {
            case .batchSent(let number, let statements, let revisions):
                state.started[number] = Date()
                let note = "\(revisions) revision\(revisions == 1 ? "" : "s")"
                out += Self.line(number: number, fraction: 0, committed: 0, total: statements, seconds: 0, note: note, width: width)
                state.drawn = true
                state.shown = (number, 0, 0, statements, note)
                if state.ticker == nil { state.ticker = Task { [weak self] in await self?.tick() } }
            case .batchProgress(let number, let committed, let total, let percent, let throttled):
                let seconds = state.started[number].map { Date().timeIntervalSince($0) } ?? 0
                let fraction = LiveProgress.fraction(committed: committed, total: total, currentPercent: percent)
                out += Self.line(number: number, fraction: fraction, committed: committed, total: total, seconds: seconds, note: throttled ? "throttled" : nil, width: width)
                state.drawn = true
                state.shown = (number, fraction, committed, total, throttled ? "throttled" : nil)
            case .batchDone(let number, let statements, let seconds):
                out += Self.line(number: number, fraction: 1, committed: statements, total: statements, seconds: seconds, note: "done", width: width) + "\n"
                state.drawn = false
                state.shown = nil
            default:
                out += event.description + "\n"
                state.drawn = false
                state.shown = nil
            }
            // Written under the lock, so a redraw from the ticker never lands after this line.
            Console.raw(out, to: 2)
        }
    }

    /// Redraws the bar on screen once a second with its clock moved on.
    private func tick() async {
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: 1_000_000_000)
            if Task.isCancelled { return }
            state.withLock { state in
                guard state.drawn, let shown = state.shown, let started = state.started[shown.number] else { return }
                Console.raw(
                    "\r\u{1B}[2K"
                        + Self.line(
                            number: shown.number, fraction: shown.fraction, committed: shown.committed, total: shown.total,
                            seconds: Date().timeIntervalSince(started), note: shown.note, width: width), to: 2)
            }
        }
    }

    /// Ends a bar left open (a run that failed mid-batch), so that what follows starts a line.
    func finish() {
        let (open, ticker) = state.withLock { state in
            defer {
                state.drawn = false
                state.shown = nil
                state.ticker = nil
            }
            return (state.drawn, state.ticker)
        }
        ticker?.cancel()
        if open { state.withLock { _ in Console.raw("\n", to: 2) } }
    }

    /// One bar line: `schema operation 2 [██████░░░░] 6/10 statements 61% 12.4 s (note)`.
    static func line(number: Int, fraction: Double, committed: Int, total: Int, seconds: Double, note: String?, width: Int) -> String {
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let percent = Int((fraction * 100).rounded(.down))
        return "schema operation \(number) [\(bar)] \(committed)/\(total) statement\(total == 1 ? "" : "s") \(percent)% \(String(format: "%.1f", seconds)) s\(note.map { " (\($0))" } ?? "")"
    }
}
