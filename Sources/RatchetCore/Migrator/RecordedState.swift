/// What a target's version tables record.
public struct RecordedState: Sendable {
    /// The recorded heads; the applied revisions are these and their ancestors.
    public var heads: [String]
    /// The upgrade checksum recorded for each revision when it was applied or stamped, where one
    /// was recorded.
    public var checksums: [String: String]
    /// Revisions a failed run left part-way.
    public var partial: [String: PartialRevision]

    public init(heads: [String], checksums: [String: String], partial: [String: PartialRevision] = [:]) {
        self.heads = heads
        self.checksums = checksums
        self.partial = partial
    }
}
