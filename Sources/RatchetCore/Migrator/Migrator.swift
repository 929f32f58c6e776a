import Foundation
import PlanCache
import SchemaDiff
import SpannerDDL
import SpannerSchema
import Synchronization

/// Runs a project's revisions against one target, with every guarantee a run must keep.
///
/// The `Migrator` owns the rules, whatever the target and whoever calls it (the command line,
/// a test, a team's own Swift code): it takes and renews the lock, settles what an earlier run
/// left, refuses revisions edited after they were applied, plans and validates the path through
/// the rule engine, refuses data loss nobody acknowledged and drift nobody expected, runs, and
/// records the plan. Targets only store and execute.
public struct Migrator: Sendable {
    public let project: Project
    public let target: any MigrationTarget
    public var policy: MigrationPolicy
    /// Who the lock says holds it.
    public var owner: String
    /// Seconds the lock's lease lasts unless renewed; renewed every third of it.
    public var lease: Double
    /// Where plans and schema snapshots are kept; nil keeps none.
    public var recorder: PlanCacheRecorder?
    /// Hears warnings, lock waits, progress and completed revisions.
    public var events: @Sendable (MigrationEvent) -> Void

    public init(
        project: Project, target: any MigrationTarget, policy: MigrationPolicy = MigrationPolicy(), owner: String = LockHolder.currentProcess,
        lease: Double = 60, recorder: PlanCacheRecorder? = nil, events: @escaping @Sendable (MigrationEvent) -> Void = { _ in }
    ) {
        self.project = project
        self.target = target
        self.policy = policy
        self.owner = owner
        self.lease = lease
        self.recorder = recorder
        self.events = events
    }

    // MARK: - State

    /// Where the target stands, checked against the revision files: a recorded revision with
    /// no file is an error that says what to do.
    public func status() async throws(RatchetError) -> TargetStatus {
        let recorded = try await target.recordedState()
        for head in recorded.heads.sorted() where project.graph.revisions[head] == nil {
            throw RatchetError(.graph, "\(target.displayName) records revision \(head) as applied, but no file in the migrations directory has that id; restore the file, or `ratchet stamp` the database to a revision that exists")
        }
        let heads = project.graph.sorted(recorded.heads)
        return TargetStatus(heads: heads, applied: project.graph.ancestors(of: heads), partial: recorded.partial, checksums: recorded.checksums)
    }

    /// Applied revisions whose files changed since they were applied.
    public func editedRevisions(_ status: TargetStatus) throws(RatchetError) -> [EditedRevision] {
        var edited: [EditedRevision] = []
        for id in project.graph.sorted(status.applied) {
            guard let recorded = status.checksums[id], !recorded.isEmpty else { continue }
            let body = try project.body(of: id)
            if body.upgradeChecksum != recorded {
                edited.append(EditedRevision(revision: id, file: project.revision(id).file, recordedChecksum: recorded, fileChecksum: body.upgradeChecksum))
            }
        }
        return edited
    }

    /// Stops at the first edited applied revision, unless the policy accepts them (then each is
    /// a warning). Checked before anything else, so an edit is never reported as drift.
    func refuseEdited(_ status: TargetStatus) throws(RatchetError) {
        for edited in try editedRevisions(status) {
            let message = "revision \(edited.revision) was edited after it was applied to \(target.displayName)"
            if policy.allowEdited {
                events(.warning("\(edited.file): \(message) (accepted with --allow-edited; if the edit changed its DDL, the database differs from the revisions: drift)"))
                continue
            }
            throw RatchetError(
                .editedRevision, message, at: edited.file,
                details: [
                    "  applied checksum: \(edited.recordedChecksum)", "  file checksum:    \(edited.fileChecksum)",
                    "Write a new revision for the change instead, or rerun with --allow-edited to accept the edited file.",
                ])
        }
    }

    /// The schema the target holds.
    public func schema(_ status: TargetStatus) async throws(RatchetError) -> Schema {
        let project = self.project, applied = status.applied
        return try await target.schema(expected: { () throws(RatchetError) in try MigrationRun.replay(project, applied: applied) })
    }

    /// What the target's schema has that its applied revisions do not produce (or lacks): the
    /// plan from the expected schema to the actual one; empty when there is no drift, and when
    /// a revision is part-way (nothing is expected then).
    public func drift(_ status: TargetStatus, schema: Schema) throws(RatchetError) -> Plan {
        guard status.partial.isEmpty else { return Plan() }
        let expected = try MigrationRun.replay(project, applied: status.applied)
        do {
            return try SchemaDiff.plan(from: expected, to: schema, policy: .permissive)
        } catch {
            throw RatchetError(.migration, "cannot compare the schema of \(target.displayName) with the revisions: \(error.message)")
        }
    }

    /// Every recorded step, oldest first.
    public func history() async throws(RatchetError) -> [HistoryRecord] {
        try await target.history()
    }

    // MARK: - Planning

    /// The run from `applied`/`schema` to `goal`, validated statement by statement through the
    /// rule engine: the one planning path of live runs, sandbox runs, dry runs and `--sql`.
    public static func plan(
        _ project: Project, _ direction: RevisionBody.Direction, from applied: Set<String>, schema: Schema, to goal: RevisionTarget,
        skipping: [String: Int] = [:]
    ) throws(RatchetError) -> MigrationRun {
        let path =
            direction == .upgrade
            ? try MigrationPath.upgrade(project.graph, from: applied, to: goal)
            : try MigrationPath.downgrade(project.graph, from: applied, to: goal)
        return try MigrationRun.prepare(project, path: path, from: schema, skipping: skipping)
    }

    /// The statements part-way revisions already hold in `direction`: they are not sent again.
    static func skipping(_ status: TargetStatus, _ direction: RevisionBody.Direction) -> [String: Int] {
        status.partial.filter { $0.value.direction == direction }.mapValues(\.statements)
    }

    /// Why a run that loses data is refused, and the two ways forward.
    public static func dataLossMessage(_ direction: RevisionBody.Direction, _ count: Int) -> String {
        let statements = "\(count) statement\(count == 1 ? "" : "s")"
        if direction == .upgrade {
            return "this upgrade loses data in \(statements) not marked `-- ratchet:data-loss REASON` in its revision; mark each where it is reviewed, or rerun with --allow-destructive (preview it with --sql)"
        }
        return "this downgrade loses data in \(statements); rerun with --allow-destructive to run it, or preview it with --sql"
    }

    /// Refuses a validated run the policy does not allow: unacknowledged data loss, then drift.
    func approve(_ run: MigrationRun, _ status: TargetStatus, schema: Schema) throws(RatchetError) {
        let lost = run.unacknowledgedDataLoss
        if !lost.isEmpty && !policy.allowDestructive {
            throw RatchetError(
                .needsFlag, Self.dataLossMessage(run.path.direction, lost.count), at: lost[0].location,
                details: lost.prefix(10).map { "  \($0.location): \($0.planned.sql.split(separator: "\n").first ?? "") (\($0.planned.reason))" })
        }
        if !policy.ignoreDrift {
            let drift = try drift(status, schema: schema)
            if !drift.isEmpty {
                throw RatchetError(
                    .migration, "the schema of \(target.displayName) differs from what its applied revisions produce (drift); nothing was sent. Rerun with --ignore-drift to go ahead anyway",
                    details: drift.statements.prefix(20).map { "  database has: \($0.sql.split(separator: "\n").first ?? "") (\($0.reason))" })
            }
        }
    }

    // MARK: - Running

    /// Upgrades or downgrades the target to `goal`, under the lock.
    ///
    /// Throws when nothing was sent (the lock is held, a revision was edited, the rule engine
    /// or the policy refused the run). A run that fails part-way returns its report with
    /// `outcome.failure` set; what ran is recorded and the next run resumes it.
    public func migrate(_ direction: RevisionBody.Direction, to goal: RevisionTarget, runId: String = UUID().uuidString.lowercased()) async throws(RatchetError) -> MigrationReport {
        let startedAt = CachedPlan.now()
        return try await withLock { checkpoint throws(RatchetError) -> MigrationReport in
            // Settling gets a run id of its own: its history rows must not share (RunId, Step)
            // with the rows this run writes next, or those would overwrite them.
            _ = try await target.settle(runId: runId + "-settle", progress: { events(.progress($0)) })
            let status = try await status()
            try refuseEdited(status)
            let before = try await schema(status)
            let skipping = Self.skipping(status, direction)
            let run: MigrationRun
            do throws(RatchetError) {
                run = try Self.plan(project, direction, from: status.applied, schema: before, to: goal, skipping: skipping)
            } catch {
                recordRefusal(direction, status: status, error: error, startedAt: startedAt)
                throw error
            }
            let report = MigrationReport(
                run: run, outcome: MigrationOutcome(), before: before, headsBefore: status.heads,
                headsAfter: project.graph.heads(of: run.path.after))
            // Drift is reported even when there is nothing to run: the database is not what its
            // history says, and a pipeline should hear of it.
            try approve(run, status, schema: before)
            if run.path.isEmpty { return report }
            for warning in run.warnings { events(.warning(warning)) }
            if !policy.skipPrechecks {
                let failing = await precheck(run, before: before, sizes: false).filter(\.fails)
                if !failing.isEmpty {
                    let error = RatchetError(
                        .migration,
                        "\(failing.count) validating statement\(failing.count == 1 ? "" : "s") would fail on the rows \(target.displayName) holds now; nothing was sent",
                        at: failing[0].precheck.location.map(\.description) ?? target.displayName,
                        details: failing.map { "  \($0.description)" } + [
                            "  Fix those rows (or the revision), then rerun; --skip-prechecks sends the statements anyway and leaves the check to Spanner."
                        ])
                    recordRefusal(run.path.direction, status: status, error: error, startedAt: startedAt)
                    throw error
                }
            }
            let outcome = try await target.apply(run, runId: runId, alreadyApplied: skipping, progress: { events(.progress($0)) }, checkpoint: checkpoint)
            for id in outcome.completed {
                let statements = run.bodies[id].map { $0.steps(direction).count } ?? 0
                events(.completed(revision: id, direction: direction, statements: statements, dmlSkipped: outcome.dmlSkipped[id] ?? 0))
            }
            record(run, before: before, outcome: outcome, startedAt: startedAt)
            return MigrationReport(
                run: run, outcome: outcome, before: before, headsBefore: status.heads,
                headsAfter: outcome.failure == nil ? report.headsAfter : try await self.status().heads)
        }
    }

    /// The run `migrate` would make now, planned from the target's state and validated by
    /// replay, with its pre-checks counted; no lock is taken and nothing is sent or written but
    /// a snapshot.
    public func preview(_ direction: RevisionBody.Direction, to goal: RevisionTarget) async throws(RatchetError) -> (
        run: MigrationRun, status: TargetStatus, schema: Schema, drift: Plan, prechecks: [PrecheckResult]
    ) {
        let status = try await status()
        let schema = try await schema(status)
        recorder?.snapshot(schema, database: project.config.database.description)
        let run = try Self.plan(project, direction, from: status.applied, schema: schema, to: goal, skipping: Self.skipping(status, direction))
        let prechecks = policy.skipPrechecks ? [] : await precheck(run, before: schema, sizes: true)
        var record = PlanRecord.run(run, project: project, mode: .dryRun, before: schema)
        record.prechecks = prechecks.map(\.description)
        recorder?.record(record)
        return (run, status, schema, try drift(status, schema: schema), prechecks)
    }

    /// Counts what the run's validating statements would meet; each result is told as an
    /// event, and statements left unchecked as warnings. Table sizes (`sizes`) are for a
    /// reviewer: a dry run counts them, a run does not scan a table only to report its size.
    func precheck(_ run: MigrationRun, before: Schema, sizes: Bool) async -> [PrecheckResult] {
        var (checks, unchecked) = PrecheckPlanner.prechecks(for: run, before: before)
        if !sizes { checks.removeAll { !$0.isCheck } }
        for note in unchecked { events(.warning(note)) }
        guard !checks.isEmpty else { return [] }
        let results = await target.precheck(checks)
        for result in results { events(.prechecked(result)) }
        return results
    }

    /// Records `goal` as the target's state without running anything, under the lock: for a
    /// database whose schema already matches it. Returns the new heads.
    @discardableResult
    public func stamp(_ goal: RevisionTarget, runId: String = UUID().uuidString.lowercased()) async throws(RatchetError) -> [String] {
        try await withLock { _ throws(RatchetError) -> [String] in
            // An operation a crashed run left is settled first, so the stamp is the last word.
            _ = try await target.settle(runId: runId + "-settle", progress: { events(.progress($0)) })
            let status = try await status()
            let applied: Set<String> = goal == .base ? [] : project.graph.ancestors(of: try project.graph.goals(of: goal))
            let heads = project.graph.heads(of: applied)
            // Revisions the stamp makes applied get their checksums recorded, so that a later
            // edit of their files is caught as for revisions a run applied.
            var added: [(id: String, upgradeChecksum: String, downgradeChecksum: String)] = []
            for id in project.graph.sorted(applied.subtracting(status.applied).union(heads)) {
                let body = try project.body(of: id)
                added.append((id, body.upgradeChecksum, body.downgradeChecksum))
            }
            var removed: [(id: String, downgradeChecksum: String)] = []
            for id in project.graph.sorted(status.applied.subtracting(applied)) {
                removed.append((id, try project.body(of: id).downgradeChecksum))
            }
            var cleared: [(id: String, upgradeChecksum: String)] = []
            for id in status.partial.keys.sorted() where !added.contains(where: { $0.id == id }) && !removed.contains(where: { $0.id == id }) {
                cleared.append((id, try project.body(of: id).upgradeChecksum))
            }
            try await target.stamp(
                StampChange(target: goal, applied: applied, heads: heads, added: added, removed: removed, cleared: cleared, headsBefore: status.heads),
                runId: runId)
            return heads
        }
    }

    /// What keeps the target from matching the revisions' heads, one line each: part-way and
    /// pending revisions, edited applied revisions, drift. Empty when it matches.
    public func problems() async throws(RatchetError) -> [String] {
        let status = try await status()
        var problems: [String] = []
        for (revision, partial) in status.partial.sorted(by: { $0.key < $1.key }) {
            problems.append("revision \(revision) is partly applied (\(partial.statements) statement\(partial.statements == 1 ? "" : "s"), \(partial.direction.rawValue)); `ratchet upgrade` resumes it")
        }
        let pending = project.graph.order.filter { !status.applied.contains($0) }
        if !pending.isEmpty {
            problems.append("\(pending.count) revision\(pending.count == 1 ? "" : "s") not applied (\(pending.prefix(5).joined(separator: ", "))\(pending.count > 5 ? ", ..." : "")); `ratchet upgrade heads` applies \(pending.count == 1 ? "it" : "them")")
        }
        for edited in try editedRevisions(status) {
            problems.append("revision \(edited.revision) was edited after it was applied (recorded checksum \(edited.recordedChecksum.prefix(12)), file \(edited.fileChecksum.prefix(12))); restore the file, or write a new revision")
        }
        let schema = try await schema(status)
        recorder?.snapshot(schema, database: project.config.database.description)
        for step in try drift(status, schema: schema).statements {
            problems.append("drift: database has: \(step.sql.split(separator: "\n").first ?? "") (\(step.reason)); `ratchet revision --autogenerate --from-database` or a hand-written revision records it")
        }
        return problems
    }

    // MARK: - The lock

    /// Runs `body` holding the target's lock, renewed while it runs.
    ///
    /// `body` gets a checkpoint to call whenever nothing is in flight: it throws once the lease
    /// was found in someone else's hands, so the run stops before its next statement.
    public func withLock<T: Sendable>(_ body: (_ checkpoint: @Sendable () throws(RatchetError) -> Void) async throws(RatchetError) -> T) async throws(RatchetError) -> T {
        try await target.prepareForWriting()
        try await acquire()
        let lost = Mutex<Bool>(false)
        let target = self.target, owner = self.owner, lease = self.lease
        let renewal = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(lease / 3 * 1_000_000_000))
                if Task.isCancelled { break }
                if (try? await target.renewLock(owner: owner, lease: lease)) == false { lost.withLock { $0 = true } }
            }
        }
        let result: Result<T, RatchetError>
        do {
            result = .success(
                try await body { () throws(RatchetError) in
                    if lost.withLock({ $0 }) {
                        throw RatchetError(.lockHeld, "the migration lock was taken over while this run held it; stopped before the next statement. What ran is recorded; `ratchet current` shows it, and the next run resumes")
                    }
                })
        } catch {
            result = .failure(error)
        }
        renewal.cancel()
        await target.releaseLock(owner: owner)
        return try result.get()
    }

    /// Runs `body`, then closes the target's connections whether it threw or not. It throws
    /// what `body` throws: a `RatchetError` from a typed closure, any error from a plain one.
    public func closing<T: Sendable, Failure: Error>(_ body: () async throws(Failure) -> T) async throws(Failure) -> T {
        let result: Result<T, Failure>
        do throws(Failure) { result = .success(try await body()) } catch { result = .failure(error) }
        await target.close()
        return try result.get()
    }

    /// Releases the lock if this migrator holds it: for a process that is being interrupted.
    public func releaseLock() async {
        await target.releaseLock(owner: owner)
    }

    /// Takes the lock, waiting up to the policy's timeout for a live holder; a dead holder on
    /// this host is taken over, and a contended attempt is retried (within the timeout, and a
    /// few times even without one).
    func acquire() async throws(RatchetError) {
        let deadline = Date().addingTimeInterval(policy.lockTimeout)
        var dead: String?
        var contended = 0
        while true {
            switch try await target.acquireLock(owner: owner, lease: lease, replacing: dead) {
            case .taken:
                if let dead { events(.tookOverLock(from: dead)) }
                return
            case .contended(let reason):
                guard Date() < deadline || contended < 5 else {
                    throw RatchetError(.lockHeld, "cannot take the migration lock of \(target.displayName): \(reason); another run is taking it at the same time. Rerun, or give --lock-timeout to wait")
                }
                contended += 1
                try? await Task.sleep(nanoseconds: UInt64(min(contended, 4)) * 500_000_000)
            case .held(let holder):
                if holder.isDeadLocalProcess {
                    dead = holder.owner
                    continue
                }
                if Date() >= deadline {
                    throw RatchetError(.lockHeld, "another run holds the migration lock of \(target.displayName): \(holder.owner), for \(holder.age()) since \(holder.acquired) (lease until \(holder.expires)); wait for it, or raise --lock-timeout")
                }
                events(.waitingForLock(holder))
                try? await Task.sleep(nanoseconds: UInt64(min(2.0, max(0.1, deadline.timeIntervalSinceNow)) * 1_000_000_000))
            }
        }
    }

    // MARK: - The plan cache

    func record(_ run: MigrationRun, before: Schema, outcome: MigrationOutcome, startedAt: String) {
        guard let recorder else { return }
        let timings = outcome.batches.enumerated().map { index, batch in
            CachedPlan.BatchTiming(batch: index, statements: batch.statements, seconds: batch.seconds, operation: batch.operation, statementSeconds: batch.statementSeconds)
        }
        let result: CachedPlan.Outcome = outcome.failure == nil ? .succeeded : (outcome.partial != nil ? .partial : .failed)
        recorder.record(
            PlanRecord.run(
                run, project: project, mode: .run, before: before,
                outcome: CachedPlan.Run(
                    startedAt: startedAt, endedAt: CachedPlan.now(), outcome: result, error: outcome.failure?.description, batches: timings,
                    partialState: outcome.partial.map { "revision \($0.revision): \($0.statements) statement\($0.statements == 1 ? "" : "s") applied" })))
        if outcome.failure == nil { recorder.snapshot(run.finalSchema, database: project.config.database.description) }
    }

    /// A run the rule engine refused before anything was sent is history worth keeping too.
    func recordRefusal(_ direction: RevisionBody.Direction, status: TargetStatus, error: RatchetError, startedAt: String) {
        guard let recorder else { return }
        var failed = CachedPlan(
            kind: direction == .upgrade ? .upgrade : .downgrade, mode: .run, database: project.config.database.description,
            environment: project.config.environment, fromHeads: status.heads, toHeads: [], statements: [])
        failed.run = CachedPlan.Run(
            startedAt: startedAt, endedAt: CachedPlan.now(), outcome: .failed, error: error.description,
            partialState: "nothing was applied; \(target.displayName) is at \(status.heads.isEmpty ? "base" : status.heads.joined(separator: ", "))")
        recorder.record(failed)
    }
}
