import Foundation
import RatchetCore
import Synchronization

/// Shows a fleet run on standard error: on a terminal, a line per running member (its current
/// operation and progress) under a summary line, redrawn in place; otherwise plain lines, each
/// prefixed with its member, and a summary line whenever a member finishes.
final class FleetDisplay: Sendable {
    private struct Member {
        var label: String
        var activity = "starting"
        var started = Date()
    }

    private struct State {
        var running: [String: Member] = [:]
        var order: [String] = []
        var done = 0, failed = 0
        var drawnLines = 0
        var ticker: Task<Void, Never>?
    }

    private let live: Bool
    private let total: Int
    private let labels: [String: String]
    private let project: Project
    private let state = Mutex(State())
    /// Where the display goes: standard error, or a test's buffer.
    private let write: @Sendable (String) -> Void

    init(members: [DatabaseURL], project: Project, live: Bool = ProgressDisplay.wantsBar(), write: @escaping @Sendable (String) -> Void = { Console.raw($0, to: 2) }) {
        self.live = live
        self.total = members.count
        self.labels = Self.labels(members)
        self.project = project
        self.write = write
    }

    /// Short names for members: the database id, or the whole path where two ids collide.
    static func labels(_ members: [DatabaseURL]) -> [String: String] {
        var ids: [String: Int] = [:]
        for member in members { if case .spanner(_, _, let id, _) = member { ids[id, default: 0] += 1 } }
        var labels: [String: String] = [:]
        for member in members {
            guard case .spanner(let p, let i, let id, _) = member else { continue }
            labels[member.description] = ids[id] == 1 ? id : "projects/\(p)/instances/\(i)/databases/\(id)"
        }
        return labels
    }

    func label(_ url: DatabaseURL) -> String { labels[url.description] ?? url.description }

    func report(_ event: FleetEvent) {
        switch event {
        case .started(let url):
            update(url, plain: nil) { state in
                state.running[url.description] = Member(label: label(url))
                state.order.append(url.description)
            }
        case .member(let url, let event):
            handle(url, event)
        case .finished(let result):
            let line = "[\(label(result.database))] \(Self.describe(result))"
            update(result.database, plain: line, permanent: line) { state in
                state.running[result.database.description] = nil
                state.order.removeAll { $0 == result.database.description }
                state.done += 1
                if result.outcome.isFailure { state.failed += 1 }
            }
        }
    }

    private func handle(_ url: DatabaseURL, _ event: MigrationEvent) {
        let name = label(url)
        switch event {
        case .warning(let text): update(url, plain: "[\(name)] warning: \(text)", permanent: "[\(name)] warning: \(text)") { _ in }
        case .waitingForLock(let holder):
            update(url, plain: "[\(name)] waiting for the migration lock held by \(holder.owner)") { $0.running[url.description]?.activity = "waiting for the lock of \(holder.owner)" }
        case .tookOverLock(let dead):
            update(url, plain: "[\(name)] took over the migration lock from \(dead), which is no longer running") { _ in }
        case .progress(let progress):
            let plain: String?
            switch progress {
            case .batchProgress: plain = nil  // a poll a second per member would drown the log
            default: plain = "[\(name)] \(progress.description.trimmingCharacters(in: .whitespaces))"
            }
            update(url, plain: plain) { state in
                switch progress {
                case .batchSent(let number, let statements, _):
                    state.running[url.description]?.activity = "schema operation \(number): 0/\(statements) statements"
                case .batchProgress(let number, let committed, let total, let percent, let throttled):
                    let fraction = LiveProgress.fraction(committed: committed, total: total, currentPercent: percent)
                    state.running[url.description]?.activity =
                        "schema operation \(number): \(committed)/\(total) statements \(Int(fraction * 100))%\(throttled ? " (throttled)" : "")"
                case .batchDone(let number, let statements, _):
                    state.running[url.description]?.activity = "schema operation \(number) done: \(statements) statements"
                case .settling(let operation):
                    state.running[url.description]?.activity = "settling \(operation.split(separator: "/").last ?? "")"
                case .waitingForRunningChange:
                    state.running[url.description]?.activity = "waiting for a schema change already running"
                case .dml(let revision, _):
                    state.running[url.description]?.activity = "DML of \(revision)"
                }
            }
        case .prechecked(let result):
            let line = "[\(name)] pre-check: \(result.description)"
            // A failing count is the member's failure, so it stays on screen.
            update(url, plain: line, permanent: result.fails ? line : nil) { $0.running[url.description]?.activity = "pre-checking \(result.precheck.table)" }
        case .completed(let revision, let direction, let statements, _):
            let verb = direction == .upgrade ? "applied" : "reverted"
            update(url, plain: "[\(name)] \(verb) \(revision) \(project.revision(revision).message): \(statements) statement\(statements == 1 ? "" : "s")") { _ in }
        }
    }

    /// Changes the state; prints `plain` when not live; when live, prints `permanent` above
    /// the block and redraws it.
    private func update(_ url: DatabaseURL, plain: String?, permanent: String? = nil, _ change: (inout State) -> Void) {
        state.withLock { state in
            change(&state)
            guard live else {
                if let plain { write(plain + "\n") }
                if plain != nil, permanent != nil { write(summary(state) + "\n") }
                return
            }
            if state.ticker == nil { state.ticker = Task { [weak self] in await self?.tick() } }
            draw(&state, permanent: permanent)
        }
    }

    private func summary(_ state: State) -> String {
        let waiting = total - state.done - state.running.count
        return "fleet: \(state.done - state.failed) done, \(state.running.count) running, \(state.failed) failed, \(waiting) waiting"
    }

    /// Clears the block drawn before, prints `permanent`, and draws the block again.
    private func draw(_ state: inout State, permanent: String?) {
        var out = state.drawnLines > 0 ? "\u{1B}[\(state.drawnLines)F\u{1B}[J" : ""
        if let permanent { out += permanent + "\n" }
        let now = Date()
        var lines = state.order.compactMap { key in
            state.running[key].map { "  \($0.label)  \($0.activity)  \(String(format: "%.1f", now.timeIntervalSince($0.started))) s" }
        }
        lines.append(summary(state))
        out += lines.joined(separator: "\n") + "\n"
        state.drawnLines = lines.count
        write(out)
    }

    /// Redraws once a second so the clocks run between events.
    private func tick() async {
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: 1_000_000_000)
            if Task.isCancelled { return }
            state.withLock { state in if state.drawnLines > 0 { draw(&state, permanent: nil) } }
        }
    }

    /// Stops redrawing; the last block stays on screen.
    func finish() {
        let ticker = state.withLock { state in
            defer { state.ticker = nil }
            return state.ticker
        }
        ticker?.cancel()
    }

    /// `completed: 3 revisions, 7 statements in 2 schema operations (4.1 s)`.
    static func describe(_ result: FleetMemberResult) -> String {
        let time = String(format: "%.1f s", result.seconds)
        switch result.outcome {
        case .upToDate: return "up-to-date: already at \(result.headsAfter.isEmpty ? "base" : result.headsAfter.joined(separator: ", ")) (\(time))"
        case .notStarted: return "not started"
        case .completed where result.revisions.isEmpty && result.statements == 0:
            return "completed: at \(result.headsAfter.isEmpty ? "base" : result.headsAfter.joined(separator: ", ")) (\(time))"
        case .completed, .partial, .failed:
            var line = "\(result.outcome.rawValue): \(result.revisions.count) revision\(result.revisions.count == 1 ? "" : "s"), "
            line += "\(result.statements) statement\(result.statements == 1 ? "" : "s") in \(result.schemaOperations) schema operation\(result.schemaOperations == 1 ? "" : "s") (\(time))"
            if let error = result.error { line += ": " + error.message }
            return line
        }
    }
}
