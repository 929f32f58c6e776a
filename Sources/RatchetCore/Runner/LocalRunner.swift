import Foundation
import SchemaDiff
import SpannerDDL
import SpannerSchema

/// Runs upgrades, downgrades and stamps against the local sandbox.
public struct LocalRunner: Sendable {
    public let project: Project
    public let sandbox: LocalSandbox

    public init(project: Project, sandbox: LocalSandbox) {
        self.project = project
        self.sandbox = sandbox
    }

    /// The sandbox's state, checked against the revision files.
    public struct Current: Sendable {
        public var applied: Set<String>
        public var heads: [String]
        public var schema: Schema
        public var warnings: [String]
    }

    /// Reads the sandbox and checks that every applied revision still exists and was not
    /// edited since (unless `allowEdited`).
    public func current(allowEdited: Bool = false, verifyChecksums: Bool = true) throws(RatchetError) -> Current {
        let state = try sandbox.state()
        var warnings: [String] = []
        for id in state.applied.keys.sorted() where project.graph.revisions[id] == nil {
            throw RatchetError(.graph, "the sandbox has revision \(id) applied, but no file in the migrations directory has that id; restore the file, or `ratchet stamp` the sandbox to a revision that exists",
                               at: sandbox.path)
        }
        if verifyChecksums {
            for id in project.graph.sorted(state.applied.keys) {
                let recorded = state.applied[id]!
                let body = try project.body(of: id)
                guard body.upgradeChecksum != recorded.upgradeChecksum else { continue }
                let message = "revision \(id) was edited after it was applied"
                let details = ["  applied checksum: \(recorded.upgradeChecksum)", "  file checksum:    \(body.upgradeChecksum)"]
                if allowEdited {
                    warnings.append("\(project.revision(id).file): \(message) (accepted with --allow-edited)")
                    continue
                }
                throw RatchetError(.editedRevision, message, at: project.revision(id).file, details: details + [
                    "Write a new revision for the change instead, or rerun with --allow-edited to accept the edited file.",
                ])
            }
        }
        let schema: Schema
        do {
            schema = try Schema(replaying: DDLDocument.parse(state.ddl, fileName: sandbox.path).statementList)
        } catch {
            throw RatchetError(.sandbox, "the sandbox's schema no longer replays (\(error.message)); delete the file to start over", at: sandbox.path)
        }
        return Current(applied: state.appliedIds, heads: project.graph.heads(of: state.appliedIds), schema: schema, warnings: warnings)
    }

    /// Applies a prepared run: nothing is written unless every statement was accepted.
    ///
    /// `started` is when the run began, before it was prepared: preparing it is where the rule
    /// engine applies every statement, so that is the time the history records.
    public func execute(_ run: MigrationRun, current: Current, started: ContinuousClock.Instant = .now) throws(RatchetError) -> [LocalSandbox.HistoryRow] {
        var history: [LocalSandbox.HistoryRow] = []
        var added: [LocalSandbox.AppliedRevision] = []
        for id in run.path.revisions {
            let body = run.bodies[id]!
            let steps = run.steps.filter { $0.revision == id }
            let dml = steps.filter(\.isDML).count
            history.append(LocalSandbox.HistoryRow(
                revision: id, direction: run.path.direction.rawValue, state: "applied", statementsApplied: steps.count - dml,
                dmlSkipped: dml, checksum: body.checksum(run.path.direction), durationMilliseconds: 0,
                note: dml > 0 ? "\(dml) DML statement\(dml == 1 ? "" : "s") skipped: the sandbox holds no rows" : ""))
            if run.path.direction == .upgrade {
                added.append(LocalSandbox.AppliedRevision(id: id, upgradeChecksum: body.upgradeChecksum, downgradeChecksum: body.downgradeChecksum, appliedAt: ""))
            }
        }
        let elapsed = ContinuousClock.now - started
        // At least 1 ms: the run did take time, and 0 reads as "not measured".
        let milliseconds = max(1, Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
        for i in history.indices { history[i].durationMilliseconds = milliseconds }
        let removed = run.path.direction == .downgrade ? run.path.revisions : []
        try sandbox.commit(
            ddl: DDLPrinter.format(run.finalSchema.statements), added: added, removed: removed,
            heads: project.graph.heads(of: run.path.after), history: history)
        return history
    }

    /// Records `target` as applied without running anything: for a database whose schema
    /// already matches it.
    public func stamp(_ target: RevisionTarget, current: Current) throws(RatchetError) -> Set<String> {
        let applied: Set<String> = target == .base ? [] : project.graph.ancestors(of: try project.graph.goals(of: target))
        var added: [LocalSandbox.AppliedRevision] = []
        for id in project.graph.sorted(applied) where !current.applied.contains(id) {
            let body = try project.body(of: id)
            added.append(LocalSandbox.AppliedRevision(id: id, upgradeChecksum: body.upgradeChecksum, downgradeChecksum: body.downgradeChecksum, appliedAt: ""))
        }
        let removed = current.applied.subtracting(applied)
        let history = project.graph.heads(of: applied).map {
            LocalSandbox.HistoryRow(revision: $0, direction: "stamp", state: "stamped", statementsApplied: 0, dmlSkipped: 0, checksum: "", durationMilliseconds: 0, note: "stamped to \(target)")
        }
        try sandbox.commit(ddl: nil, added: added, removed: project.graph.sorted(removed), heads: project.graph.heads(of: applied), history: history)
        return applied
    }
}
