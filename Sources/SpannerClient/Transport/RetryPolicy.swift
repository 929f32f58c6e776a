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

/// Keeps admin requests under the admin API quota (5 per second per project and user,
/// polling included); clients that share one share the quota.
///
/// The bound holds over every window of one second, not on average: a request waits until the
/// request `rate` places before it is more than a second old (with a 5% margin for the network
/// delivering two requests closer together than they were sent).
public actor AdminRateLimiter {
    public nonisolated let requestsPerSecond: Double
    private let capacity: Int
    private let window: Double
    /// When the last `capacity` requests were let through, oldest first (a ring).
    private var sent: [ContinuousClock.Instant] = []
    private var oldest = 0
    private let sleeper: any Sleeper

    public init(requestsPerSecond: Double, sleeper: any Sleeper = TaskSleeper()) {
        self.requestsPerSecond = requestsPerSecond
        // A rate below one a second is one request per 1/rate seconds.
        capacity = max(1, Int(requestsPerSecond.rounded(.down)))
        window = (requestsPerSecond >= 1 ? 1 : 1 / requestsPerSecond) * 1.05
        self.sleeper = sleeper
    }

    func acquire() async {
        while true {
            let now = ContinuousClock.now
            if sent.count < capacity {
                sent.append(now)
                return
            }
            let elapsed = sent[oldest].duration(to: now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if seconds >= window {
                sent[oldest] = now
                oldest = (oldest + 1) % capacity
                return
            }
            // Other requests may be let through while this one sleeps; it looks again after.
            try? await sleeper.sleep(seconds: window - seconds)
        }
    }
}
