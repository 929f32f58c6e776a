/// A stamp, worked out by the `Migrator`: what becomes applied, what stops being applied, and
/// the revisions that are no longer part-way.
public struct StampChange: Sendable {
    public var target: RevisionTarget
    /// The applied set after the stamp, and its heads.
    public var applied: Set<String>
    public var heads: [String]
    /// Revisions the stamp makes applied, with their bodies' checksums.
    public var added: [(id: String, upgradeChecksum: String, downgradeChecksum: String)]
    /// Revisions it takes out of the applied set, with their downgrade checksums.
    public var removed: [(id: String, downgradeChecksum: String)]
    /// Part-way revisions the stamp settles (it says where the database stands).
    public var cleared: [(id: String, upgradeChecksum: String)]
    public var headsBefore: [String]
}
