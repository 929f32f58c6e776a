import Foundation
import RatchetCore
import SpannerClient
import SpannerTestServer
import Testing

struct NoWait: Sleeper {
    func sleep(seconds: Double) async throws { await Task.yield() }
}

@Suite("Live database: version tables and the lease lock (over the REST test server)")
struct LiveDatabaseTests {
    let path = DatabasePath(project: "p", instance: "i", database: "d")

    func start() async throws -> (SpannerTestServer, LiveDatabase) {
        let server = try SpannerTestServer()
        let url = try await server.start()
        try await server.createDatabase(path.name, ddl: ["CREATE TABLE Singers (SingerId INT64 NOT NULL) PRIMARY KEY (SingerId)"])
        let client = SpannerClient(baseURL: url, credentials: NoAuthentication(), sleeper: NoWait(), adminRequestsPerSecond: 1000)
        return (server, LiveDatabase(client: client, path: path, tables: VersionTables(prefix: "ratchet_")))
    }

    @Test("version tables are created once, in one schema operation")
    func versionTables() async throws {
        let (server, live) = try await start()
        defer { Task { await server.stop() } }
        #expect(try await live.ensureVersionTables())
        #expect(try await !live.ensureVersionTables())
        #expect(await server.counters().schemaOperations == 1)
        let ddl = await server.ddl(of: path.name) ?? []
        #expect(ddl.contains { $0.hasPrefix("CREATE TABLE ratchet_history") })
        await live.close()
    }

    @Test("the lock: one holder at a time, reported with its owner; expired leases can be taken; release frees it")
    func lock() async throws {
        let (server, live) = try await start()
        defer { Task { await server.stop() } }
        try await live.ensureVersionTables()
        let now = Date()
        #expect(try await live.acquireLock(owner: "alice@host-1", lease: 60, now: now) == nil)
        let held = try await live.acquireLock(owner: "bob@host-2", lease: 60, now: now.addingTimeInterval(1))
        #expect(held?.owner == "alice@host-1")
        #expect(try await live.renewLock(owner: "alice@host-1", lease: 60, now: now.addingTimeInterval(30)))
        #expect(try await !live.renewLock(owner: "bob@host-2", lease: 60, now: now.addingTimeInterval(30)))
        #expect(try await live.acquireLock(owner: "bob@host-2", lease: 60, now: now.addingTimeInterval(200)) == nil, "alice's lease expired")
        try await live.releaseLock(owner: "alice@host-1")
        #expect(await server.rows(of: "ratchet_lock", in: path.name).first?["Owner"] == .string("bob@host-2"), "only the holder releases")
        try await live.releaseLock(owner: "bob@host-2")
        #expect(await server.rows(of: "ratchet_lock", in: path.name).isEmpty)
        await live.close()
    }

    @Test("history rows and head changes are written together and read back")
    func history() async throws {
        let (server, live) = try await start()
        defer { Task { await server.stop() } }
        try await live.ensureVersionTables()
        try await live.record(
            [
                .init(runId: "run-1", step: 0, revision: "a1", direction: .upgrade, state: .applying, statementsApplied: 0, checksum: "c1", operation: .statements(operation: "ops/x", start: 0, count: 3), committedAt: nil)
            ], addedHeads: [("a1", "c1")])
        try await live.record(
            [
                .init(runId: "run-1", step: 0, revision: "a1", direction: .upgrade, state: .applied, statementsApplied: 3, checksum: "c1", operation: .statements(operation: "ops/x", start: 0, count: 3), committedAt: nil)
            ], addedHeads: [("b2", "c2")], removedHeads: ["a1"])
        let history = try await live.history()
        #expect(history.count == 1)
        #expect(history[0].state == .applied)
        #expect(history[0].operation?.description == "ops/x#0:3")
        #expect(history[0].statementsApplied == 3)
        #expect(history[0].committedAt?.hasSuffix("Z") == true)
        #expect(try await live.recordedHeads() == ["b2": "c2"])
        await live.close()
    }
}
