/// What a run may do beyond the safe path: the flags a person gives, checked by the `Migrator`
/// whatever the target.
public struct MigrationPolicy: Sendable, Hashable {
    /// Accept applied revisions whose files were edited since (with a warning).
    public var allowEdited = false
    /// Run steps that lose data without a `-- ratchet:data-loss` mark (and, on a downgrade,
    /// any step that loses data).
    public var allowDestructive = false
    /// Run even when the database's schema differs from what its applied revisions produce.
    public var ignoreDrift = false
    /// Seconds to wait for another run's lock; 0 fails at once when it is held.
    public var lockTimeout: Double = 0
    /// Send validating statements without first counting the rows they would fail on.
    public var skipPrechecks = false

    public init(allowEdited: Bool = false, allowDestructive: Bool = false, ignoreDrift: Bool = false, lockTimeout: Double = 0, skipPrechecks: Bool = false) {
        self.allowEdited = allowEdited
        self.allowDestructive = allowDestructive
        self.ignoreDrift = ignoreDrift
        self.lockTimeout = lockTimeout
        self.skipPrechecks = skipPrechecks
    }
}
