/// A revision a run left part-way: the section it was running and how many of its statements
/// the database holds.
public struct PartialRevision: Sendable, Hashable {
    public var direction: RevisionBody.Direction
    public var statements: Int

    public init(direction: RevisionBody.Direction, statements: Int) {
        self.direction = direction
        self.statements = statements
    }
}
