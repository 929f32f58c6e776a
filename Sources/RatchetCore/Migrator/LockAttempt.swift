/// What one attempt to take a lock found.
public enum LockAttempt: Sendable, Hashable {
    /// The lock is ours for the lease.
    case taken
    /// Someone else holds an unexpired lease.
    case held(LockHolder)
    /// Another run touched the lock at the same moment (Spanner aborted the transaction, or the
    /// sandbox file was busy): trying again can succeed.
    case contended(String)
}
