/// What a person sees of a database's state: the recorded state, checked against the files.
public struct TargetStatus: Sendable {
    public var heads: [String]
    public var applied: Set<String>
    public var partial: [String: PartialRevision]
    /// Upgrade checksums recorded when revisions were applied.
    public var checksums: [String: String]

    public init(heads: [String], applied: Set<String>, partial: [String: PartialRevision] = [:], checksums: [String: String] = [:]) {
        self.heads = heads
        self.applied = applied
        self.partial = partial
        self.checksums = checksums
    }
}
