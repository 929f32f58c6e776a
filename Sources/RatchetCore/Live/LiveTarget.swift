import Foundation
import SchemaDiff
import SpannerClient
import SpannerDDL
import SpannerSchema

/// A live Spanner database as a migration target: runs a validated migration exactly.
///
/// Every schema operation is recorded as `applying` (with its operation name and where each
/// revision's statements sit in the batch) before it is sent, and settled from the operation's
/// `commitTimestamps` after, so that a failure or a crash at any point leaves a state the next
/// run resumes from without repeating or skipping a statement.
public struct LiveTarget: MigrationTarget {
    public let project: Project
    public let database: LiveDatabase

    public init(project: Project, database: LiveDatabase) {
        self.project = project
        self.database = database
    }

    public var displayName: String { project.config.database.description }

    public func prepareForWriting() async throws(RatchetError) {
        do {
            try await database.ensureVersionTables()
        } catch {
            throw RatchetError(.database, "cannot create or read the version tables in \(displayName): \(error)")
        }
    }

    public func close() async { await database.close() }

    // MARK: - State

    public func recordedState() async throws(RatchetError) -> RecordedState {
        let heads: [String: String]
        do {
            // A database Ratchet never ran on is at base.
            if try await !database.hasVersionTables() { return RecordedState(heads: [], checksums: [:]) }
            heads = try await database.recordedHeads()
        } catch {
            throw RatchetError(.database, "cannot read the version tables of \(displayName): \(error)")
        }
        let history = try await database.history()
        var checksums: [String: String] = [:]
        // The latest row of each revision says where it stands.
        var latest: [String: LiveDatabase.HistoryEntry] = [:]
        for entry in history {
            latest[entry.revision] = entry
            if entry.direction == .upgrade && (entry.state == .applied || entry.state == .stamped) { checksums[entry.revision] = entry.checksum }
        }
        var partial: [String: PartialRevision] = [:]
        for (revision, entry) in latest where entry.state == .partial {
            partial[revision] = PartialRevision(direction: entry.direction.section ?? .upgrade, statements: Int(entry.statementsApplied))
        }
        return RecordedState(heads: Array(heads.keys), checksums: checksums, partial: partial)
    }

    public func history() async throws(RatchetError) -> [HistoryRecord] {
        guard try await hasVersionTables() else { return [] }
        return try await database.history().map(\.record)
    }

    private func hasVersionTables() async throws(RatchetError) -> Bool {
        do { return try await database.hasVersionTables() } catch { throw RatchetError(.database, "cannot read the version tables of \(displayName): \(error)") }
    }

    /// The live schema, from GetDatabaseDdl, without Ratchet's version tables; on the emulator,
    /// completed with the named schemas, roles and grants of the revisions applied, which its
    /// GetDatabaseDdl leaves out.
    public func schema(expected: @Sendable () throws(RatchetError) -> Schema) async throws(RatchetError) -> Schema {
        guard database.isEmulator else { return try await database.reflect() }
        return try await database.reflect(completingFrom: try expected())
    }

    /// The live schema as GetDatabaseDdl gives it, without Ratchet's version tables.
    public func reflect() async throws(RatchetError) -> Schema {
        try await database.reflect()
    }

    // MARK: - The lock

    public func acquireLock(owner: String, lease: Double, replacing dead: String?) async throws(RatchetError) -> LockAttempt {
        do {
            guard let holder = try await database.acquireLock(owner: owner, lease: lease, replacing: dead) else { return .taken }
            return .held(holder)
        } catch  where error.code == .aborted || error.code == .unavailable {
            // Another run took (or the emulator's schema change held) the lock row at the same
            // moment.
            return .contended(error.description)
        } catch {
            throw RatchetError(.database, "cannot take the migration lock of \(displayName): \(error)")
        }
    }

    public func renewLock(owner: String, lease: Double) async throws(RatchetError) -> Bool {
        do { return try await database.renewLock(owner: owner, lease: lease) } catch { throw RatchetError(.database, "cannot renew the migration lock: \(error)") }
    }

    public func releaseLock(owner: String) async {
        try? await database.releaseLock(owner: owner)
    }

    // MARK: - Running

    /// Executes `run`. `progress` hears of each batch sent, each poll of it, and its end.
    ///
    /// `checkpoint` runs before each schema operation and DML statement, when nothing is in
    /// flight; throwing there (the lock was lost, say) stops the run with the history exact.
    public func apply(
        _ run: MigrationRun, runId: String, alreadyApplied: [String: Int] = [:], progress: @Sendable (LiveProgress) -> Void = { _ in },
        checkpoint: () async throws(RatchetError) -> Void = {}
    ) async throws(RatchetError) -> MigrationOutcome {
        var outcome = MigrationOutcome()
        let direction = StepDirection(run.path.direction)
        // Statements each revision has in its section, and how many the database holds.
        var total: [String: Int] = [:]
        var done: [String: Int] = alreadyApplied
        for id in run.path.revisions { total[id] = run.bodies[id]!.steps(run.path.direction).count }
        var heads = Set(run.path.before.isEmpty ? [] : project.graph.heads(of: run.path.before))
        var applied = run.path.before
        var step: Int64 = 0
        // Time each revision's statements took in this run: every schema operation and DML
        // statement it was part of.
        var spent: [String: Duration] = [:]
        func milliseconds(_ id: String) -> Int64? {
            spent[id].map { Int64($0.components.seconds) * 1000 + Int64($0.components.attoseconds / 1_000_000_000_000_000) }
        }

        // Revisions a batch finished are recorded together, in one transaction with the head
        // changes: one commit per schema operation, not one per revision.
        func complete(_ ids: [String]) async throws(RatchetError) {
            guard !ids.isEmpty else { return }
            let before = heads
            var entries: [LiveDatabase.HistoryEntry] = []
            for id in ids {
                if run.path.direction == .upgrade { applied.insert(id) } else { applied.remove(id) }
                step += 1
                entries.append(
                    LiveDatabase.HistoryEntry(
                        runId: runId, step: step, revision: id, direction: direction, state: .applied,
                        statementsApplied: Int64(total[id]!), checksum: run.bodies[id]!.checksum(run.path.direction), durationMs: milliseconds(id)))
            }
            heads = Set(project.graph.heads(of: applied))
            try await write(entries, added: heads.subtracting(before).map { ($0, run.bodies[$0]?.upgradeChecksum ?? "") }, removed: Array(before.subtracting(heads)))
            outcome.completed += ids
        }
        func complete(_ id: String) async throws(RatchetError) { try await complete([id]) }

        var remaining = run.steps[...]
        var revisionCursor = 0
        func completeEmptyRevisions(upTo id: String?) async throws(RatchetError) {
            while revisionCursor < run.path.revisions.count {
                let next = run.path.revisions[revisionCursor]
                if next == id { return }
                if done[next, default: 0] >= total[next]! && !outcome.completed.contains(next) { try await complete(next) }
                revisionCursor += 1
            }
        }

        while let first = remaining.first {
            try await completeEmptyRevisions(upTo: first.revision)
            try await checkpoint()
            if first.isDML {
                remaining = remaining.dropFirst()
                let started = ContinuousClock.now
                do {
                    defer { spent[first.revision, default: .zero] += ContinuousClock.now - started }
                    progress(.dml(revision: first.revision, partitioned: first.planned.partitionedDML))
                    try await runDML(first)
                } catch {
                    let failure = RatchetError(.migration, "\(error)", at: first.location, details: ["  in revision \(first.revision); the statements before it in that revision are applied"])
                    try await settlePartial(
                        first.revision, done[first.revision, default: 0], runId: runId, step: &step, direction: direction, body: run.bodies[first.revision]!,
                        durationMs: milliseconds(first.revision))
                    outcome.partial = (first.revision, done[first.revision, default: 0])
                    outcome.failure = failure
                    return outcome
                }
                done[first.revision, default: 0] += 1
                if done[first.revision]! >= total[first.revision]! { try await complete(first.revision); revisionCursor += 1 }
                continue
            }
            let batch = Array(remaining.prefix { !$0.isDML && $0.planned.batch == first.planned.batch })
            remaining = remaining.dropFirst(batch.count)
            let operationId = "ratchet_" + String(RevisionFile.sha256("\(database.path.name)|\(runId)|\(step)|" + batch.map(\.planned.sql).joined(separator: "\n")).prefix(30))
            let operationName = "\(database.path.name)/operations/\(operationId)"
            // Where each revision's statements sit in the batch, recorded before sending.
            var slices: [(revision: String, start: Int, count: Int)] = []
            for (position, item) in batch.enumerated() {
                if let last = slices.last, last.revision == item.revision { slices[slices.count - 1].count += 1 } else { slices.append((item.revision, position, 1)) }
            }
            step += 1
            let applyingStep = step
            try await write(
                slices.enumerated().map { offset, slice in
                    LiveDatabase.HistoryEntry(
                        runId: runId, step: applyingStep * 1000 + Int64(offset), revision: slice.revision, direction: direction, state: .applying,
                        statementsApplied: Int64(done[slice.revision, default: 0]), checksum: run.bodies[slice.revision]!.checksum(run.path.direction),
                        operation: .statements(operation: operationName, start: slice.start, count: slice.count))
                })
            let number = outcome.schemaOperations + 1
            progress(.batchSent(number: number, statements: batch.count, revisions: Set(batch.map(\.revision)).count))
            let started = ContinuousClock.now
            let sentAt = Date()
            let finished: SpannerOperation
            var operationStarted = false
            do throws(SpannerError) {
                var operation: SpannerOperation
                var attempt = 0
                while true {
                    attempt += 1
                    do {
                        operation = try await database.client.updateDDL(database.path, statements: batch.map { Self.sql($0.planned, for: database.path) }, operationId: operationId)
                        break
                    } catch  where error.code == .alreadyExists {
                        operation = try await database.client.getOperation(operationName)
                        break
                    } catch  where error.code == .failedPrecondition && error.message.contains("concurrent schema change") && attempt < 5 {
                        // Another schema change is still running (one a dead run started, say):
                        // wait for it, then send ours.
                        progress(.waitingForRunningChange)
                        for running in try await database.client.listOperations(database.path) where !running.isDone {
                            _ = try await database.client.wait(for: running)
                        }
                    }
                }
                operationStarted = true
                outcome.schemaOperations += 1
                let count = batch.count
                finished = try await database.client.wait(for: operation) { current in
                    let committed = current.metadata?.committedCount ?? 0
                    if !current.isDone {
                        let percent = current.metadata?.progress.flatMap { $0.indices.contains(committed) ? $0[committed].progressPercent : nil }
                        progress(.batchProgress(number: number, committed: committed, total: count, currentPercent: percent, throttled: current.metadata?.throttled == true))
                    }
                }
            } catch  where !operationStarted && error.source == .server && !error.isRetryable {
                // Spanner answered the request with an error: it validates a batch before running
                // it, and a batch it refuses creates no operation, so none of it was applied.
                let failing = Self.refusedStatement(error.message, in: batch) ?? batch[0]
                outcome.failure = RatchetError(
                    .migration, "Spanner refused schema operation \(number) before running it: \(error.message)", at: failing.location,
                    details: [
                        "  none of the batch's \(batch.count) statement\(batch.count == 1 ? " was" : "s were") applied; the revisions before it are",
                        "  first statement of the batch: revision \(batch[0].revision), \(batch[0].planned.sql.split(separator: "\n").first ?? "")",
                    ])
                for slice in slices {
                    let count = done[slice.revision, default: 0]
                    step += 1
                    try await write([
                        LiveDatabase.HistoryEntry(
                            runId: runId, step: step, revision: slice.revision, direction: direction, state: count > 0 ? .partial : .failed,
                            statementsApplied: Int64(count), checksum: run.bodies[slice.revision]!.checksum(run.path.direction),
                            operation: .refused(operation: operationName))
                    ])
                    if count > 0 && outcome.partial == nil { outcome.partial = (slice.revision, count) }
                }
                return outcome
            } catch {
                // Nothing is known about the batch: the applying rows stay, and the next run
                // settles them from the operation before doing anything else.
                throw RatchetError(.migration, "schema operation \(operationName) could not be sent or followed: \(error); the next run settles it first")
            }
            let elapsed = ContinuousClock.now - started
            for slice in slices { spent[slice.revision, default: .zero] += elapsed }
            outcome.batches.append(
                MigrationOutcome.ExecutedBatch(
                    statements: batch.count, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                    operation: finished.name.isEmpty ? operationName : finished.name, statementSeconds: Self.statementSeconds(finished.metadata, sentAt: sentAt)))
            let committed = finished.metadata?.committedCount ?? (finished.error == nil ? batch.count : 0)
            for slice in slices {
                done[slice.revision, default: 0] += max(0, min(slice.count, committed - slice.start))
            }
            if let error = finished.error {
                let failing = batch[min(committed, batch.count - 1)]
                let status = SpannerError.from(status: error)
                outcome.failure = RatchetError(
                    .migration, "Spanner rejected the statement: \(status.message)", at: failing.location,
                    details: [
                        "  in the \(direction) section of revision \(failing.revision) (\(project.revision(failing.revision).message))",
                        "  statement: \(failing.planned.sql.split(separator: "\n").first ?? "")",
                        "  \(committed) of the batch's \(batch.count) statements were applied; the rest were cancelled.",
                    ])
                // Revisions the batch finished are applied; the failing one is partial.
                try await complete(slices.map(\.revision).filter { $0 != failing.revision && done[$0, default: 0] >= total[$0]! && !outcome.completed.contains($0) })
                try await settlePartial(
                    failing.revision, done[failing.revision, default: 0], runId: runId, step: &step, direction: direction, body: run.bodies[failing.revision]!,
                    durationMs: milliseconds(failing.revision))
                outcome.partial = (failing.revision, done[failing.revision, default: 0])
                return outcome
            }
            try await complete(slices.map(\.revision).filter { done[$0, default: 0] >= total[$0]! && !outcome.completed.contains($0) })
            progress(.batchDone(number: number, statements: batch.count, seconds: outcome.batches.last?.seconds ?? 0))
        }
        try await completeEmptyRevisions(upTo: nil)
        for id in run.path.revisions where !outcome.completed.contains(id) && done[id, default: 0] >= total[id]! { try await complete(id) }
        return outcome
    }

    /// The SQL sent for `planned`: an `ALTER DATABASE` names the database the run is against,
    /// since a revision cannot know the ID of every database it is applied to.
    static func sql(_ planned: PlannedStatement, for path: DatabasePath) -> String {
        guard case .alterDatabase(var alter) = planned.statement else { return planned.sql }
        alter.name = Identifier(path.database)
        return DDLPrinter.sql(.alterDatabase(alter), dialect: planned.dialect)
    }

    /// Seconds each committed statement of an operation took: from its progress entry's start
    /// and end where Spanner gives them, else the gap since the previous commit (the first
    /// from when the batch was sent; clocks differ, so never below zero).
    static func statementSeconds(_ metadata: DDLMetadata?, sentAt: Date) -> [Double] {
        let commits = (metadata?.commitTimestamps ?? []).map(Timestamp.parse)
        var seconds: [Double] = []
        for index in commits.indices {
            if let progress = metadata?.progress, index < progress.count,
                let start = progress[index].startTime.flatMap(Timestamp.parse), let end = progress[index].endTime.flatMap(Timestamp.parse)
            {
                seconds.append(max(0, end.timeIntervalSince(start)))
                continue
            }
            guard let commit = commits[index] else { seconds.append(0); continue }
            let previous = index == 0 ? sentAt : (commits[index - 1] ?? sentAt)
            seconds.append(max(0, commit.timeIntervalSince(previous)))
        }
        return seconds
    }

    /// The statement of `batch` that Spanner's refusal names: the one its message quotes, or
    /// else the first that mentions a name the message gives ("Table not found: Nope",
    /// "Duplicate name in schema: Albums").
    public static func refusedStatement(_ message: String, in batch: [MigrationRun.Step]) -> MigrationRun.Step? {
        let squeezed = message.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
        if let quoted = batch.first(where: { step in
            let sql = step.planned.sql.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
            return sql.count > 10 && squeezed.contains(sql)
        }) {
            return quoted
        }
        for name in mentionedNames(message) {
            if let step = batch.first(where: { words(of: $0.planned.sql).contains(name) }) { return step }
        }
        for name in mentionedNames(message).map({ $0.lowercased() }) {
            if let step = batch.first(where: { words(of: $0.planned.sql).map { $0.lowercased() }.contains(name) }) { return step }
        }
        return nil
    }

    /// Names a message gives: words after a colon, and words in backticks or quotes, with a
    /// dotted name also split into its parts.
    static func mentionedNames(_ message: String) -> [String] {
        var names: [String] = []
        func add(_ text: Substring) {
            let word = text.trimmingCharacters(in: CharacterSet(charactersIn: "`'\".,;()[] "))
            guard !word.isEmpty, word.first!.isLetter || word.first == "_" else { return }
            names.append(word)
            if word.contains(".") { names += word.split(separator: ".").map(String.init).reversed() }
        }
        for part in message.split(separator: ":").dropFirst() {
            if let first = part.split(whereSeparator: \.isWhitespace).first { add(first) }
        }
        var quoted: Character?
        var current = ""
        for character in message {
            if let open = quoted {
                if character == open { add(Substring(current)); quoted = nil; current = "" } else { current.append(character) }
            } else if character == "`" || character == "'" || character == "\"" {
                quoted = character
            }
        }
        return names
    }

    private static func words(of sql: String) -> [String] {
        sql.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
    }

    private func settlePartial(_ revision: String, _ count: Int, runId: String, step: inout Int64, direction: StepDirection, body: RevisionBody, durationMs: Int64? = nil) async throws(RatchetError) {
        step += 1
        try await write([
            LiveDatabase.HistoryEntry(
                runId: runId, step: step, revision: revision, direction: direction, state: .partial,
                statementsApplied: Int64(count), checksum: body.checksum(direction.section ?? .upgrade), durationMs: durationMs)
        ])
    }

    private func runDML(_ step: MigrationRun.Step) async throws(SpannerError) {
        let client = database.client
        let session = try await database.currentSession()
        let sql = step.planned.sql
        if step.planned.partitionedDML {
            let transaction = try await client.beginTransaction(session, .partitionedDML)
            _ = try await client.executeSQL(session, sql: sql, transactionId: transaction.id, seqno: 1)
        } else {
            try await client.readWrite(session) { id throws(SpannerError) in
                _ = try await client.executeSQL(session, sql: sql, transactionId: id, seqno: 1)
                return ((), [])
            }
        }
    }

    private func write(_ entries: [LiveDatabase.HistoryEntry], added: [(String, String)] = [], removed: [String] = []) async throws(RatchetError) {
        do {
            try await database.record(entries, addedHeads: added.map { (revision: $0.0, checksum: $0.1) }, removedHeads: removed)
        } catch {
            throw RatchetError(.database, "cannot write the version tables of \(displayName): \(error)")
        }
    }

    /// Records a stamp: history rows for what it adds, removes and clears, and the new heads,
    /// in one transaction. No DDL is sent.
    public func stamp(_ change: StampChange, runId: String) async throws(RatchetError) {
        var entries: [LiveDatabase.HistoryEntry] = []
        for (offset, revision) in change.added.enumerated() {
            entries.append(
                LiveDatabase.HistoryEntry(
                    runId: runId, step: Int64(offset), revision: revision.id, direction: .upgrade, state: .stamped, statementsApplied: 0,
                    checksum: revision.upgradeChecksum))
        }
        for (offset, revision) in change.removed.enumerated() {
            entries.append(
                LiveDatabase.HistoryEntry(
                    runId: runId, step: Int64(1_000_000 + offset), revision: revision.id, direction: .downgrade, state: .stamped, statementsApplied: 0,
                    checksum: revision.downgradeChecksum))
        }
        // A revision a failed run left part-way is no longer part-way: the stamp says where the
        // database stands, so a later run must not skip its first statements.
        for (offset, revision) in change.cleared.enumerated() {
            entries.append(
                LiveDatabase.HistoryEntry(
                    runId: runId, step: Int64(2_000_000 + offset), revision: revision.id, direction: .stamp, state: .stamped, statementsApplied: 0,
                    checksum: revision.upgradeChecksum))
        }
        let before = Set(change.headsBefore), after = Set(change.heads)
        let checksums = Dictionary(change.added.map { ($0.id, $0.upgradeChecksum) }, uniquingKeysWith: { first, _ in first })
        try await write(entries, added: after.subtracting(before).map { ($0, checksums[$0] ?? "") }, removed: Array(before.subtracting(after)))
    }

    // MARK: - Resuming

    /// Settles schema operations a previous run left `applying`: waits for each, and records
    /// how far it got. Returns the number settled.
    public func settle(runId: String, progress: @Sendable (LiveProgress) -> Void = { _ in }) async throws(RatchetError) -> Int {
        guard try await hasVersionTables() else { return 0 }
        let history = try await database.history()
        var latest: [String: LiveDatabase.HistoryEntry] = [:]
        for entry in history { latest[entry.revision] = entry }
        let pending = latest.values.filter { $0.state == .applying }.sorted { $0.revision < $1.revision }
        guard !pending.isEmpty else { return 0 }
        var byOperation: [String: [LiveDatabase.HistoryEntry]] = [:]
        for entry in pending {
            let name = entry.operation?.operation ?? ""
            byOperation[name, default: []].append(entry)
        }
        var step: Int64 = 0
        let recorded = try await recordedState()
        var heads = project.graph.sorted(recorded.heads)
        var applied = project.graph.ancestors(of: heads)
        for (name, entries) in byOperation.sorted(by: { $0.key < $1.key }) {
            progress(.settling(operation: name))
            var committed = 0
            do throws(SpannerError) {
                let operation = try await database.client.wait(for: try await database.client.getOperation(name))
                committed = operation.metadata?.committedCount ?? (operation.error == nil ? Int.max : 0)
            } catch  where error.code == .notFound {
                committed = 0  // never sent: nothing of it was applied
            } catch {
                throw RatchetError(.migration, "cannot settle \(name) left by an earlier run: \(error)")
            }
            for entry in entries {
                let done = Int(entry.statementsApplied) + (entry.operation?.committed(ofBatch: committed) ?? 0)
                let direction = entry.direction.section ?? .upgrade
                let body = try project.body(of: entry.revision)
                step += 1
                if done >= body.steps(direction).count {
                    var newApplied = applied
                    if direction == .upgrade { newApplied.insert(entry.revision) } else { newApplied.remove(entry.revision) }
                    let before = Set(heads), after = Set(project.graph.heads(of: newApplied))
                    try await write(
                        [
                            LiveDatabase.HistoryEntry(
                                runId: runId, step: step, revision: entry.revision, direction: entry.direction, state: .applied,
                                statementsApplied: Int64(done), checksum: entry.checksum, operation: entry.operation)
                        ],
                        added: after.subtracting(before).map { ($0, (try? project.body(of: $0).upgradeChecksum) ?? "") }, removed: Array(before.subtracting(after)))
                    applied = newApplied
                    heads = project.graph.sorted(after)
                } else {
                    try await write([
                        LiveDatabase.HistoryEntry(
                            runId: runId, step: step, revision: entry.revision, direction: entry.direction, state: done > 0 ? .partial : .failed,
                            statementsApplied: Int64(done), checksum: entry.checksum, operation: entry.operation)
                    ])
                }
            }
        }
        return byOperation.count
    }
}
