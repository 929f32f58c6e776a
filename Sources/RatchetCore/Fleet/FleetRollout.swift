/// The order and pace of a fleet run: canaries first, then the rest, at most `parallel` members
/// at a time, and no new member once too many have failed.
///
/// It knows nothing of migrations: `run` calls a body per member and judges each result with
/// `failed`, so that the schedule can be tested alone.
public struct FleetRollout: Sendable, Hashable {
    /// Members running at once, at least 1.
    public var parallel: Int
    /// The first `canaries` members run (in parallel, within `parallel`) before the rest; the
    /// rest start only when every canary succeeded.
    public var canaries: Int
    /// After this many failed members no new member starts; nil: never stop early.
    public var maxFailures: Int?

    public init(parallel: Int = 4, canaries: Int = 0, maxFailures: Int? = nil) {
        self.parallel = max(1, parallel)
        self.canaries = max(0, canaries)
        self.maxFailures = maxFailures
    }

    /// What a schedule did: a result per member that ran (nil for one never started) and why
    /// the rest were not started.
    public struct Outcome<Result: Sendable>: Sendable {
        public var results: [Result?]
        public var stopReason: String?
    }

    /// Runs `body` for the members at indexes `0..<count`, in index order as slots free up;
    /// `failed` judges each result (nil: none fails).
    public func run<Result: Sendable>(
        count: Int, failed: (@Sendable (Result) -> Bool)? = nil, body: @escaping @Sendable (Int) async -> Result
    ) async -> Outcome<Result> {
        var results = [Result?](repeating: nil, count: count)
        var failures = 0
        var stopReason: String?
        let canaryCount = min(canaries, count)
        // Phase one runs the canaries; phase two the rest, unless a canary failed.
        for phase in [0..<canaryCount, canaryCount..<count] where !phase.isEmpty {
            if stopReason != nil { break }
            var next = phase.lowerBound
            await withTaskGroup(of: (Int, Result).self) { group in
                var running = 0
                func startable() -> Bool {
                    guard next < phase.upperBound, !Task.isCancelled else { return false }
                    if let maxFailures, failures >= maxFailures { return false }
                    return true
                }
                while running < parallel && startable() {
                    let index = next
                    group.addTask { (index, await body(index)) }
                    next += 1
                    running += 1
                }
                while let (index, result) = await group.next() {
                    running -= 1
                    results[index] = result
                    if failed?(result) == true { failures += 1 }
                    while running < parallel && startable() {
                        let index = next
                        group.addTask { (index, await body(index)) }
                        next += 1
                        running += 1
                    }
                }
            }
            if next < phase.upperBound || (phase.lowerBound == 0 && canaryCount > 0 && failures > 0 && canaryCount < count) {
                if Task.isCancelled {
                    stopReason = "the run was interrupted"
                } else if phase.lowerBound == 0 && canaryCount > 0 && failures > 0 {
                    stopReason = "\(failures) of \(canaryCount) canar\(canaryCount == 1 ? "y" : "ies") failed"
                } else if let maxFailures {
                    stopReason = "\(failures) member\(failures == 1 ? "" : "s") failed (--max-failures \(maxFailures))"
                }
            }
        }
        return Outcome(results: results, stopReason: stopReason)
    }
}
