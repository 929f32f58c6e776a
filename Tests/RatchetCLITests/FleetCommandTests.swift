import Foundation
import SpannerTestServer
import Testing

/// `--fleet` through the `ratchet` binary: a project whose fleet is a pattern over an instance
/// of the REST test server.
@Suite("Fleet commands (the binary against fleets on the REST test server)", .serialized)
struct FleetCommandTests {
    static let revisions = 4

    /// A project of four revisions and a fleet `tenants` of `count` databases on a new server.
    func fleet(count: Int = 20, envelope: SpannerTestServer.Envelope = .emulator) async throws -> (TemporaryDirectory, SpannerTestServer) {
        let dir = try TemporaryDirectory()
        #expect(try RatchetProcess.run(["init", dir.url.path]).status == 0)
        var schema = ""
        for index in 0..<Self.revisions {
            schema += "CREATE TABLE T\(index) (Id INT64 NOT NULL, Name STRING(MAX)) PRIMARY KEY (Id);\nCREATE INDEX T\(index)ByName ON T\(index)(Name);\n"
            try dir.write("schema.sql", schema)
            #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "t\(index)"], in: dir.url).status == 0)
        }
        let server = try SpannerTestServer(envelope: envelope, pollsToComplete: 1)
        let url = try await server.start()
        for index in 0..<count { try await server.createDatabase(Self.name(index)) }
        try await server.createDatabase("projects/p/instances/i/databases/unrelated")
        let config = try dir.read("ratchet.toml")
        try dir.write("ratchet.toml", config + "\n[fleet.tenants]\npattern = \"spanner://projects/p/instances/i/databases/tenant-*?emulator=127.0.0.1:\(url.port ?? 0)\"\n")
        return (dir, server)
    }

    static func name(_ index: Int) -> String { String(format: "projects/p/instances/i/databases/tenant-%02d", index) }

    func applied(_ server: SpannerTestServer, _ index: Int) async -> [String] {
        await server.rows(of: "ratchet_history", in: Self.name(index)).filter { $0["State"] == "applied" }.compactMap { row -> String? in
            if case .string(let id)? = row["Revision"] { return id }
            return nil
        }
    }

    @Test("fleet list, upgrade --fleet with its table and JSON, current and check --fleet, the fleet plan in the cache")
    func rollout() async throws {
        let (dir, server) = try await fleet()
        defer { Task { await server.stop() } }
        let list = try await RatchetProcess.runAsync(["fleet", "list", "tenants"], in: dir.url)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.split(separator: "\n").count == 20)
        #expect(!list.stdout.contains("unrelated"))

        let behind = try await RatchetProcess.runAsync(["check", "--fleet", "tenants"], in: dir.url)
        #expect(behind.status == 1)
        #expect(behind.stdout.contains("20 behind"), "\(behind.stdout)")

        let preview = try await RatchetProcess.runAsync(["upgrade", "--fleet", "tenants", "--dry-run"], in: dir.url)
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.contains("20 of 20 members would run"), "\(preview.stdout)")
        #expect(await server.counters().schemaOperations == 0, "a dry run changes nothing")

        let up = try await RatchetProcess.runAsync(["upgrade", "--fleet", "tenants", "--parallel", "4", "--format", "json"], in: dir.url)
        #expect(up.status == 0, "\(up.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(up.stdout.utf8)) as? [String: Any])
        #expect(json["succeeded"] as? Bool == true)
        let members = try #require(json["members"] as? [[String: Any]])
        #expect(members.count == 20)
        #expect(members.allSatisfy { $0["outcome"] as? String == "completed" && ($0["revisions"] as? [String])?.count == Self.revisions })
        #expect(up.stderr.contains("[tenant-07] applied"), "plain progress lines name their member")
        for index in 0..<20 { #expect(await applied(server, index).count == Self.revisions) }

        // `heads` prints `PARENT -> ID (head), MESSAGE`.
        let words = try RatchetProcess.run(["heads"], in: dir.url).stdout.split(separator: " ")
        let heads = words.firstIndex(of: "(head),").map { String(words[$0 - 1]) } ?? "?"
        let current = try await RatchetProcess.runAsync(["current", "--fleet", "tenants"], in: dir.url)
        #expect(current.status == 0, "\(current.stderr)")
        #expect(current.stdout.contains("Fleet tenants: 20 at \(heads)"), "\(current.stdout)")
        #expect(try await RatchetProcess.runAsync(["check", "--fleet", "tenants"], in: dir.url).status == 0)

        try await server.applyDDL(Self.name(3), ["CREATE TABLE Extra (Id INT64 NOT NULL) PRIMARY KEY (Id)"])
        let drifted = try await RatchetProcess.runAsync(["check", "--fleet", "tenants"], in: dir.url)
        #expect(drifted.status == 1)
        #expect(drifted.stdout.contains("tenant-03") && drifted.stdout.contains("drifted"), "\(drifted.stdout)")
        #expect(drifted.stdout.contains("19 at \(heads), 1 drifted"), "\(drifted.stdout)")
        let currentJSON = try await RatchetProcess.runAsync(["current", "--fleet", "tenants", "--format", "json"], in: dir.url)
        let status = try #require(try JSONSerialization.jsonObject(with: Data(currentJSON.stdout.utf8)) as? [String: Any])
        #expect((status["counts"] as? [String: Any])?["drifted"] as? Int == 1)

        let stopping = try await RatchetProcess.runAsync(["upgrade", "--fleet", "tenants", "--dry-run"], in: dir.url)
        #expect(stopping.status == 1)
        #expect(stopping.stdout.contains("19 of 20 members would run; 1 would stop"), "\(stopping.stdout)")

        let again = try await RatchetProcess.runAsync(["upgrade", "--fleet", "tenants"], in: dir.url)
        #expect(again.status == 1, "the drifted member refuses to run")
        #expect(again.stdout.contains("19 up-to-date, 1 failed"), "\(again.stdout)")

        let plans = try await RatchetProcess.runAsync(["plans", "list", "--format", "json"], in: dir.url)
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(plans.stdout.utf8)) as? [[String: Any]])
        let fleetPlans = listed.filter { $0["database"] as? String == "fleet:tenants" }
        #expect(fleetPlans.count == 2, "one plan a fleet run: \(plans.stdout)")
        let id = try #require(fleetPlans.compactMap { $0["id"] as? Int }.min())
        let exported = try await RatchetProcess.runAsync(["plans", "export", String(id)], in: dir.url)
        #expect(exported.stdout.contains("\"fleet\""), "\(exported.stdout.prefix(400))")
        #expect(exported.stdout.contains("CREATE TABLE T3"), "a member's statements stand for the fleet's plan")
        let page = dir.url.appendingPathComponent("review.html").path
        #expect(try await RatchetProcess.runAsync(["review", String(id), "--html", page], in: dir.url).status == 0)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<h2>Fleet tenants</h2>") && html.contains("20 members: 20 completed"), "the review page shows the fleet table")
        #expect(html.components(separatedBy: "badge fleet-completed").count == 21)
    }

    @Test("a named canary that fails stops the rollout; the table shows every other member not started; exit 1")
    func canary() async throws {
        let (dir, server) = try await fleet()
        defer { Task { await server.stop() } }
        let first = try await RatchetProcess.runAsync(["upgrade", "--fleet", "tenants", "+1", "--parallel", "8"], in: dir.url)
        #expect(first.status == 0, "\(first.stderr)")
        await server.inject(.refuseSchemaChange(message: "refused by the canary (injected)"), database: Self.name(12))
        let run = try await RatchetProcess.runAsync(["upgrade", "--fleet", "tenants", "--canary", "tenant-12"], in: dir.url)
        #expect(run.status == 1)
        #expect(run.stdout.contains("Stopped early: 1 of 1 canary failed"), "\(run.stdout)")
        #expect(run.stdout.contains("1 failed, 19 not-started"), "\(run.stdout)")
        for index in 0..<20 { #expect(await applied(server, index).count == 1, "tenant \(index) stayed at its first revision") }
        let bad = try await RatchetProcess.runAsync(["upgrade", "--fleet", "tenants", "--canary", "tenant-99"], in: dir.url)
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("not a member of the fleet"), "\(bad.stderr)")
        let conflicting = try await RatchetProcess.runAsync(["upgrade", "--fleet", "tenants", "--sql"], in: dir.url)
        #expect(conflicting.status == 64)
    }

    @Test("SIGKILL of a 50-database fleet run at seeded moments; the same command run again converges, each revision applied once per member")
    func killed() async throws {
        var generator = SeededGenerator(seed: 20261201)
        var interrupted = 0
        for trial in 0..<3 {
            let (dir, server) = try await fleet(count: 50, envelope: trial == 1 ? .production : .emulator)
            await server.setLatency(0.01)
            let delay = 0.4 + Double(generator.next() % 1200) / 1000
            if try await CrashRecoveryTests().killed(after: delay, ["upgrade", "--fleet", "tenants", "--parallel", "6"], in: dir.url) { interrupted += 1 }
            let rerun = try await RatchetProcess.runAsync(["upgrade", "--fleet", "tenants", "--parallel", "6"], in: dir.url)
            #expect(rerun.status == 0, "trial \(trial) (killed after \(delay) s): \(rerun.stdout) \(rerun.stderr)")
            for index in 0..<50 {
                let applied = await applied(server, index)
                #expect(applied.count == Self.revisions && Set(applied).count == Self.revisions, "trial \(trial), tenant \(index): \(applied)")
                let ddl = await server.ddl(of: Self.name(index)) ?? []
                #expect(ddl.filter { $0.hasPrefix("CREATE INDEX T") }.count == Self.revisions, "trial \(trial), tenant \(index)")
            }
            await server.stop()
        }
        #expect(interrupted >= 2, "enough trials were killed mid-run (\(interrupted))")
    }
}
