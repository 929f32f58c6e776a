import Foundation
import SpannerDDL
import SpannerSchema

/// The local sandbox as a migration target: a run is applied through the rule engine and
/// committed in one SQLite transaction, so it is all or nothing.
public struct SandboxTarget: MigrationTarget {
    public let project: Project
    public let sandbox: LocalSandbox

    public init(project: Project, sandbox: LocalSandbox) {
        self.project = project
        self.sandbox = sandbox
    }

    /// The project's sandbox file. Without `create`, a missing file reads as a database at base
    /// and nothing is written to disk.
    public init(project: Project, create: Bool) throws(RatchetError) {
        self.init(project: project, sandbox: try LocalSandbox(path: project.config.sandboxFile, prefix: project.config.versionTablePrefix, create: create))
    }

    public var displayName: String { "the local sandbox" }

    public func prepareForWriting() async throws(RatchetError) {
        guard sandbox.isWritable else { throw RatchetError(.sandbox, "the sandbox was opened read-only", at: sandbox.path) }
    }

    public func close() async {}

    // MARK: - The lock

    public func acquireLock(owner: String, lease: Double, replacing dead: String?) async throws(RatchetError) -> LockAttempt {
        try sandbox.acquireLock(owner: owner, lease: lease, replacing: dead)
    }

    public func renewLock(owner: String, lease: Double) async throws(RatchetError) -> Bool {
        try sandbox.renewLock(owner: owner, lease: lease)
    }

    public func releaseLock(owner: String) async {
        sandbox.releaseLock(owner: owner)
    }

    /// Nothing is ever left in flight: every run is one transaction.
    public func settle(runId: String, progress: @Sendable (LiveProgress) -> Void) async throws(RatchetError) -> Int { 0 }

    // MARK: - State

    public func recordedState() async throws(RatchetError) -> RecordedState {
        let state = try sandbox.state()
        // Revisions without a file stay in the heads, so that the migrator names them.
        let known = state.appliedIds.filter { project.graph.revisions[$0] != nil }
        let unknown = state.appliedIds.subtracting(known).sorted()
        return RecordedState(heads: project.graph.heads(of: known) + unknown, checksums: state.applied.mapValues(\.upgradeChecksum))
    }

    public func schema(expected: @Sendable () throws(RatchetError) -> Schema) async throws(RatchetError) -> Schema {
        try storedSchema()
    }

    /// The schema the sandbox holds, replayed from its canonical DDL.
    public func storedSchema() throws(RatchetError) -> Schema {
        let ddl = try sandbox.state().ddl
        let dialect = project.config.dialect
        let document = DDLDocument.parse(ddl, fileName: sandbox.path, dialect: dialect)
        if document.hasErrors {
            throw RatchetError(
                .sandbox, "the sandbox's schema does not read as \(dialect.displayName) (was the project's dialect changed?); delete the file to start over",
                at: sandbox.path)
        }
        do {
            return try Schema(replaying: document.statementList, dialect: dialect)
        } catch {
            throw RatchetError(.sandbox, "the sandbox's schema no longer replays (\(error.message)); delete the file to start over", at: sandbox.path)
        }
    }

    public func history() async throws(RatchetError) -> [HistoryRecord] {
        try sandbox.history().map(\.record)
    }

    // MARK: - Writing

    /// Commits a validated run in one transaction: the schema it produces, the applied set,
    /// the heads and a history row per revision. DML is skipped: the sandbox holds no rows.
    public func apply(
        _ run: MigrationRun, runId: String, alreadyApplied: [String: Int], progress: @Sendable (LiveProgress) -> Void,
        checkpoint: () async throws(RatchetError) -> Void
    ) async throws(RatchetError) -> MigrationOutcome {
        let started = ContinuousClock.now
        var outcome = MigrationOutcome()
        var history: [LocalSandbox.HistoryRow] = []
        var added: [LocalSandbox.AppliedRevision] = []
        let direction = run.path.direction
        var stepsByRevision: [String: (statements: Int, dml: Int)] = [:]
        for step in run.steps { stepsByRevision[step.revision, default: (0, 0)].statements += 1; if step.isDML { stepsByRevision[step.revision, default: (0, 0)].dml += 1 } }
        for id in run.path.revisions {
            guard let body = run.bodies[id] else { continue }
            let counts = stepsByRevision[id] ?? (0, 0)
            history.append(
                LocalSandbox.HistoryRow(
                    revision: id, direction: StepDirection(direction), state: .applied, statementsApplied: counts.statements - counts.dml,
                    dmlSkipped: counts.dml, checksum: body.checksum(direction), durationMilliseconds: 0,
                    note: counts.dml > 0 ? "\(counts.dml) DML statement\(counts.dml == 1 ? "" : "s") skipped: the sandbox holds no rows" : ""))
            if counts.dml > 0 { outcome.dmlSkipped[id] = counts.dml }
            if direction == .upgrade {
                added.append(LocalSandbox.AppliedRevision(id: id, upgradeChecksum: body.upgradeChecksum, downgradeChecksum: body.downgradeChecksum, appliedAt: ""))
            }
        }
        try await checkpoint()
        let elapsed = run.preparationTime + (ContinuousClock.now - started)
        // At least 1 ms: the run did take time, and 0 reads as "not measured".
        let milliseconds = max(1, Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
        for i in history.indices { history[i].durationMilliseconds = milliseconds }
        try sandbox.commit(
            ddl: DDLPrinter.format(run.finalSchema.statements, dialect: run.finalSchema.dialect), added: added, removed: direction == .downgrade ? run.path.revisions : [],
            heads: project.graph.heads(of: run.path.after), history: history)
        let total = ContinuousClock.now - started
        outcome.completed = run.path.revisions
        outcome.schemaOperations = run.batchCount
        outcome.batches = [
            MigrationOutcome.ExecutedBatch(
                statements: run.steps.count, seconds: Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18,
                operation: "local sandbox transaction")
        ]
        return outcome
    }

    public func stamp(_ change: StampChange, runId: String) async throws(RatchetError) {
        let history = change.heads.map {
            LocalSandbox.HistoryRow(revision: $0, direction: .stamp, state: .stamped, statementsApplied: 0, dmlSkipped: 0, checksum: "", durationMilliseconds: 0, note: "stamped to \(change.target)")
        }
        let current = try sandbox.state().appliedIds
        let added = change.added.filter { !current.contains($0.id) }.map {
            LocalSandbox.AppliedRevision(id: $0.id, upgradeChecksum: $0.upgradeChecksum, downgradeChecksum: $0.downgradeChecksum, appliedAt: "")
        }
        try sandbox.commit(ddl: nil, added: added, removed: current.subtracting(change.applied).sorted(), heads: change.heads, history: history)
    }
}
