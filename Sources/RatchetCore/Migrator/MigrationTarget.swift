import SpannerSchema

/// A database the `Migrator` can run revisions against: the local sandbox or a live Spanner
/// database.
///
/// A target stores and executes; it decides nothing. Which revisions to run, whether the run
/// may lose data, whether an applied revision was edited, whether the schema drifted, and the
/// lock's lease and renewal are the `Migrator`'s, so every target gets the same guarantees.
public protocol MigrationTarget: Sendable {
    /// How messages name the database: "the local sandbox", `spanner://…`.
    var displayName: String { get }

    /// Makes the target ready to be written: creates the version tables, or the sandbox file.
    func prepareForWriting() async throws(RatchetError)

    /// One attempt to take the migration lock for `lease` seconds. `replacing` names a holder
    /// known to be dead, whose lease is taken over at once.
    func acquireLock(owner: String, lease: Double, replacing dead: String?) async throws(RatchetError) -> LockAttempt
    /// Extends the lease; false when `owner` no longer holds the lock.
    func renewLock(owner: String, lease: Double) async throws(RatchetError) -> Bool
    /// Releases the lock if `owner` holds it; best effort.
    func releaseLock(owner: String) async

    /// Settles schema operations an earlier run left `applying` (waiting for them if they still
    /// run) and records how far each got. Returns how many were settled.
    func settle(runId: String, progress: @Sendable (LiveProgress) -> Void) async throws(RatchetError) -> Int

    /// What the version tables record: the heads, checksums and part-way revisions.
    func recordedState() async throws(RatchetError) -> RecordedState

    /// The schema the database holds. `expected` is what its applied revisions produce, for a
    /// target that cannot show every object itself (the emulator leaves roles out).
    func schema(expected: @Sendable () throws(RatchetError) -> Schema) async throws(RatchetError) -> Schema

    /// Executes a validated run. `alreadyApplied` gives the statements part-way revisions hold.
    /// `checkpoint` runs whenever nothing is in flight; throwing there stops the run with the
    /// history exact. A failure part-way is returned in the outcome, with what ran recorded.
    func apply(
        _ run: MigrationRun, runId: String, alreadyApplied: [String: Int], progress: @Sendable (LiveProgress) -> Void,
        checkpoint: () async throws(RatchetError) -> Void
    ) async throws(RatchetError) -> MigrationOutcome

    /// Records `applied` as the database's state without running anything.
    func stamp(_ change: StampChange, runId: String) async throws(RatchetError)

    /// Every recorded step, oldest first.
    func history() async throws(RatchetError) -> [HistoryRecord]

    /// Ends the target's connections.
    func close() async

    /// Runs pre-checks: read-only counts of the rows each validating statement would fail on.
    func precheck(_ checks: [Precheck]) async -> [PrecheckResult]
}

extension MigrationTarget {
    /// A target without rows (the sandbox) has nothing to count.
    public func precheck(_ checks: [Precheck]) async -> [PrecheckResult] { [] }
}
