import Foundation
import SpannerClient
import Synchronization
import Testing

@Suite("Admin rate limiter")
struct AdminRateLimiterTests {
    /// Admin requests through a shared limiter, from several clients at once: no window of one
    /// second holds more than the rate (the quota is per project, so a fleet shares one).
    @Test("several clients sharing a limiter never send more than the rate within any second")
    func sharedBound() async throws {
        let limiter = AdminRateLimiter(requestsPerSecond: 4)
        let sent = Mutex<[ContinuousClock.Instant]>([])
        let transport = ClockTransport { sent.withLock { $0.append(.now) } }
        let database = DatabasePath(project: "p", instance: "i", database: "d")
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                let client = SpannerClient(baseURL: URL(string: "http://127.0.0.1:1/")!, transport: transport, credentials: NoAuthentication(), adminLimiter: limiter)
                group.addTask { for _ in 0..<4 { _ = try? await client.getDDL(database) } }
            }
        }
        let times = sent.withLock { $0 }.sorted()
        #expect(times.count == 12)
        for (index, time) in times.enumerated() where index + 4 < times.count {
            let gap = time.duration(to: times[index + 4])
            #expect(gap >= .seconds(1), "five requests within \(gap)")
        }
    }
}

/// A wire that notes when each request arrives and answers with an empty schema.
struct ClockTransport: SpannerTransport {
    let arrived: @Sendable () -> Void
    func send(_ request: HTTPRequest) async throws(SpannerError) -> HTTPResponse {
        arrived()
        return HTTPResponse(status: 200, body: Data("{\"statements\":[]}".utf8))
    }
}
