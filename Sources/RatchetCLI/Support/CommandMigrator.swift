import Foundation
import RatchetCore

/// The library's `Migrator`, wired to the terminal: its events printed, its plans recorded in
/// the project's plan cache, its lock released on Ctrl-C.
struct CommandMigrator {
    let migrator: Migrator
    let display: ProgressDisplay

    init(project: Project, target: any MigrationTarget, policy: MigrationPolicy = MigrationPolicy()) {
        let display = ProgressDisplay()
        self.display = display
        migrator = Migrator(
            project: project, target: target, policy: policy, recorder: PlanCacheAccess.recorder(project.config),
            events: { event in
                switch event {
                case .warning(let text): Console.warning(text)
                case .waitingForLock(let holder): Console.error("waiting for the migration lock held by \(holder.owner) for \(holder.age()) (since \(holder.acquired))")
                case .tookOverLock(let dead): Console.error("took over the migration lock from \(dead), which is no longer running")
                case .progress(let progress): display.report(progress)
                case .prechecked(let result): Console.error("pre-check: \(result.description)")
                case .completed(let revision, let direction, let statements, let dmlSkipped):
                    var line = "\(direction == .upgrade ? "Applied" : "Reverted") \(revision) \(project.revision(revision).message): \(statements) statement\(statements == 1 ? "" : "s")"
                    if dmlSkipped > 0 { line += ", \(dmlSkipped) DML skipped (the sandbox holds no rows)" }
                    Console.out(line + "\n")
                }
            })
    }

    /// Runs `body` with Ctrl-C handled: nothing on Spanner is cancelled (an operation already
    /// sent keeps running and the next run settles it), the lock and the session are released,
    /// and the process exits 130.
    func interruptible<T>(_ body: () async throws(RatchetError) -> T) async throws(RatchetError) -> T {
        let migrator = self.migrator, display = self.display
        let interrupts = InterruptHandler {
            display.finish()
            Console.error(
                "Interrupted. Nothing was cancelled on Spanner: a schema operation already sent keeps running, "
                    + "and the next `ratchet upgrade` or `downgrade` settles it (waiting for it if it still runs) before "
                    + "anything else. `ratchet current` shows where the database stands.")
            await InterruptHandler.bounded(seconds: 5) {
                await migrator.releaseLock()
                await migrator.target.close()
            }
        }
        interrupts.install()
        defer {
            interrupts.remove()
            display.finish()
        }
        return try await body()
    }
}

extension RevisionBody.Direction {
    var pastTense: String { self == .upgrade ? "Upgraded" : "Downgraded" }
}
