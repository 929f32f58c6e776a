/// What the `Migrator` tells its caller while it works, for a person to read.
public enum MigrationEvent: Sendable {
    /// Something the person should know that does not stop the run.
    case warning(String)
    /// Another run holds the lock; the run waits for it.
    case waitingForLock(LockHolder)
    /// The lock's holder died on this host; its lease was taken over.
    case tookOverLock(from: String)
    /// A live schema operation's progress.
    case progress(LiveProgress)
    /// A pre-check counted the rows a validating statement would fail on (or a table's size).
    case prechecked(PrecheckResult)
    /// A revision's section ran to its end.
    case completed(revision: String, direction: RevisionBody.Direction, statements: Int, dmlSkipped: Int)
}
