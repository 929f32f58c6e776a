import Foundation

/// Who holds a target's migration lock, and until when.
public struct LockHolder: Sendable, Hashable {
    public var owner: String
    /// When the holder took the lock, RFC 3339.
    public var acquired: String
    /// When its lease ends unless renewed, RFC 3339.
    public var expires: String

    public init(owner: String, acquired: String, expires: String) {
        self.owner = owner
        self.acquired = acquired
        self.expires = expires
    }

    /// How long the holder has held the lock, for people: "42 s", "3 min", "2 h".
    public func age(now: Date = Date()) -> String {
        guard let acquired = Timestamp.parse(acquired) else { return "an unknown time" }
        let seconds = max(0, Int(now.timeIntervalSince(acquired)))
        if seconds < 120 { return "\(seconds) s" }
        if seconds < 7200 { return "\(seconds / 60) min" }
        return "\(seconds / 3600) h"
    }

    /// Whether the holder is a process on this host that no longer exists: its lease can be
    /// taken over at once instead of waited out.
    public var isDeadLocalProcess: Bool {
        guard let at = owner.firstIndex(of: "@"), let pidRange = owner.range(of: " pid ") else { return false }
        let host = owner[owner.index(after: at)..<pidRange.lowerBound]
        guard host == ProcessInfo.processInfo.hostName, let pid = Int32(owner[pidRange.upperBound...]) else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// The owner string of this process: `user@host pid N`, enough to tell a person who holds
    /// the lock, and for a run on the same host to see that the holder died.
    public static var currentProcess: String {
        "\(ProcessUser.name)@\(ProcessInfo.processInfo.hostName) pid \(ProcessInfo.processInfo.processIdentifier)"
    }
}
