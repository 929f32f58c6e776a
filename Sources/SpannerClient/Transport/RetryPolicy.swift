import Foundation

/// Waits; tests replace it so that backoff costs no time.
public protocol Sleeper: Sendable {
    func sleep(seconds: Double) async throws
}

public struct TaskSleeper: Sleeper {
    public init() {}
    public func sleep(seconds: Double) async throws {
        try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    }
}

/// Jittered exponential backoff for retryable failures (UNAVAILABLE, DEADLINE_EXCEEDED,
/// RESOURCE_EXHAUSTED, a lost connection).
public struct RetryPolicy: Sendable, Hashable {
    public var maximumAttempts: Int
    public var initialDelay: Double
    public var multiplier: Double
    public var maximumDelay: Double
    /// The longest one call may take, retries included: a server that accepts connections and
    /// never answers must not hold a run for many request timeouts in a row.
    public var maximumElapsed: Double

    public init(maximumAttempts: Int = 6, initialDelay: Double = 0.5, multiplier: Double = 2, maximumDelay: Double = 16, maximumElapsed: Double = 150) {
        self.maximumAttempts = maximumAttempts
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maximumDelay = maximumDelay
        self.maximumElapsed = maximumElapsed
    }

    /// The wait before retry `attempt` (1-based): full jitter over the exponential cap.
    public func delay(beforeRetry attempt: Int) -> Double {
        let cap = min(maximumDelay, initialDelay * pow(multiplier, Double(attempt - 1)))
        return Double.random(in: (cap / 2)...cap)
    }

    public static let none = RetryPolicy(maximumAttempts: 1)
}

/// Spaces admin requests so that a run stays under the admin API quota (5 per second per
/// project and user, polling included); clients that share one share the quota.
public actor AdminRateLimiter {
    public nonisolated let requestsPerSecond: Double
    private let interval: Double
    private var next: ContinuousClock.Instant?
    private let sleeper: any Sleeper

    public init(requestsPerSecond: Double, sleeper: any Sleeper = TaskSleeper()) {
        self.requestsPerSecond = requestsPerSecond
        interval = 1 / requestsPerSecond
        self.sleeper = sleeper
    }

    func acquire() async {
        let now = ContinuousClock.now
        if let next, next > now {
            let wait = now.duration(to: next)
            self.next = next.advanced(by: .milliseconds(Int64(interval * 1000)))
            let seconds = Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
            try? await sleeper.sleep(seconds: seconds)
        } else {
            next = now.advanced(by: .milliseconds(Int64(interval * 1000)))
        }
    }
}
