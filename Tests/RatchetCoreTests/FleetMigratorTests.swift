import Foundation
@testable import RatchetCore
import SpannerTestServer
import Testing

/// A fleet of databases on one REST test server, sharing LiveTargetTests' four revisions.
struct FleetFixture {
    let server: SpannerTestServer
    let project: Project
    let directory: URL
    let members: [DatabaseURL]
    let port: Int

    static func make(count: Int = 50) async throws -> FleetFixture {
        let (project, directory) = try LiveTargetTests().project()
        let server = try SpannerTestServer(envelope: .emulator)
        let url = try await server.start()
        let port = url.port ?? 0
        var members: [DatabaseURL] = []
        for index in 0..<count {
            let id = String(format: "tenant-%02d", index)
            try await server.createDatabase("projects/p/instances/i/databases/\(id)")
            members.append(.spanner(project: "p", instance: "i", database: id, emulator: "127.0.0.1:\(port)"))
        }
        return FleetFixture(server: server, project: project, directory: directory, members: members, port: port)
    }

    func migrator(_ rollout: FleetRollout = FleetRollout(parallel: 8), members: [DatabaseURL]? = nil, rate: Double? = nil, owner: String = LockHolder.currentProcess)
        -> FleetMigrator
    {
        FleetMigrator(
            project: project, fleet: "tenants", members: members ?? self.members,
            connection: LiveConnection(accessTokenCommand: nil, environment: [:], adminRequestsPerSecond: rate),
            policy: MigrationPolicy(allowDestructive: true), rollout: rollout, owner: owner)
    }

    func name(_ member: DatabaseURL) -> String {
        guard case .spanner(let p, let i, let d, _) = member else { return "" }
        return "projects/\(p)/instances/\(i)/databases/\(d)"
    }

    /// Revisions each member's history records as applied, by member.
    func applied() async -> [[String]] {
        var result: [[String]] = []
        for member in members {
            let rows = await server.rows(of: "ratchet_history", in: name(member))
            result.append(
                rows.filter { $0["State"] == "applied" }.compactMap { row -> String? in
                    if case .string(let id)? = row["Revision"] { return id }
                    return nil
                })
        }
        return result
    }

    /// Every member at the first revision, so that the version tables exist and an injected
    /// fault meets a migration's schema change, not their creation.
    func prepare() async throws {
        let report = await migrator(FleetRollout(parallel: 16)).migrate(.upgrade, to: try RevisionTarget(parsing: "aaaa01"))
        #expect(report.count(.completed) == members.count)
    }

    func tearDown() async {
        await server.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

@Suite("Fleet migrator (50 databases on the REST test server)", .serialized)
struct FleetMigratorTests {
    @Test("a clean rollout: every member at head, each revision applied once, concurrency and admin rate held; a rerun does nothing")
    func cleanRollout() async throws {
        let fixture = try await FleetFixture.make()
        await fixture.server.resetLoad()
        let report = await fixture.migrator(FleetRollout(parallel: 8), rate: 40).migrate(.upgrade, to: .head)
        #expect(report.succeeded, "\(report.members.compactMap(\.error).map(\.message))")
        #expect(report.count(.completed) == 50)
        #expect(report.members.allSatisfy { $0.revisions == ["aaaa01", "bbbb02", "cccc03", "dddd04"] && $0.schemaOperations == 1 })
        let load = await fixture.server.load()
        #expect(load.peakDatabasesInFlight <= 8, "peak \(load.peakDatabasesInFlight) databases in flight")
        #expect(load.peakDatabasesInFlight >= 2, "members ran concurrently")
        #expect(load.peakAdminRequestsPerSecond <= 40, "peak \(load.peakAdminRequestsPerSecond) admin requests in one second")
        for (index, applied) in await fixture.applied().enumerated() {
            #expect(applied.sorted() == ["aaaa01", "bbbb02", "cccc03", "dddd04"], "member \(index): \(applied)")
        }
        let again = await fixture.migrator().migrate(.upgrade, to: .head)
        #expect(again.count(.upToDate) == 50)
        await fixture.tearDown()
    }

    @Test("a failed canary stops the rollout: no other member is touched")
    func canaryFailure() async throws {
        let fixture = try await FleetFixture.make()
        try await fixture.prepare()
        await fixture.server.inject(.refuseSchemaChange(message: "canary refused (injected)"), database: fixture.name(fixture.members[1]))
        let report = await fixture.migrator(FleetRollout(parallel: 8, canaries: 2)).migrate(.upgrade, to: .head)
        #expect(report.members[0].outcome == .completed)
        #expect(report.members[1].outcome == .failed)
        #expect(report.members[1].error?.message.contains("canary refused") == true)
        #expect(report.members.dropFirst(2).allSatisfy { $0.outcome == .notStarted })
        #expect(report.stopReason == "1 of 2 canaries failed")
        for (index, applied) in await fixture.applied().enumerated().dropFirst(2) {
            #expect(applied == ["aaaa01"], "member \(index) was not touched")
        }
        await fixture.tearDown()
    }

    @Test("--max-failures: after F failed members no new one starts; the rerun finishes the fleet")
    func maxFailures() async throws {
        let fixture = try await FleetFixture.make()
        try await fixture.prepare()
        for index in [3, 4, 5, 6] {
            await fixture.server.inject(.refuseSchemaChange(message: "refused (injected)"), database: fixture.name(fixture.members[index]))
        }
        let report = await fixture.migrator(FleetRollout(parallel: 2, maxFailures: 2)).migrate(.upgrade, to: .head)
        let failed = report.count(.failed)
        #expect(failed >= 2 && failed <= 3, "\(failed) failed")
        #expect(report.count(.notStarted) >= 40)
        #expect(report.stopReason?.contains("--max-failures 2") == true)
        await fixture.server.clearFaults()
        let rerun = await fixture.migrator().migrate(.upgrade, to: .head)
        #expect(rerun.succeeded)
        #expect(rerun.count(.upToDate) == report.count(.completed))
        await fixture.tearDown()
    }

    @Test("faults in several members at once (failed statement, dropped connection, refused batch, 503); the rerun converges, nothing doubled")
    func faultsConverge() async throws {
        let fixture = try await FleetFixture.make()
        try await fixture.prepare()
        let server = fixture.server
        await server.inject(.failStatement(index: 2, message: "validation failed (injected)"), database: fixture.name(fixture.members[3]))
        await server.inject(.dropConnection(method: "spanner.projects.instances.databases.updateDdl", afterHandling: true), database: fixture.name(fixture.members[7]))
        await server.inject(.dropConnection(method: "spanner.projects.instances.databases.updateDdl", afterHandling: false), database: fixture.name(fixture.members[8]))
        await server.inject(.refuseSchemaChange(message: "refused (injected)"), database: fixture.name(fixture.members[11]))
        await server.inject(.unavailable, database: fixture.name(fixture.members[15]))
        let first = await fixture.migrator(FleetRollout(parallel: 8)).migrate(.upgrade, to: .head)
        #expect(first.members[3].outcome == .partial)
        #expect(first.members[11].outcome == .failed)
        #expect(first.members[15].outcome == .completed, "a 503 is retried")
        // A lost answer is recovered within the run: the operation is looked up by its id, and
        // sent again only when it never arrived.
        #expect(first.members[7].outcome == .completed && first.members[8].outcome == .completed)
        #expect(await server.counters().requests["dropped spanner.projects.instances.databases.updateDdl"] == 2)
        #expect(first.count(.completed) == 48)
        let rerun = await fixture.migrator(FleetRollout(parallel: 8)).migrate(.upgrade, to: .head)
        #expect(rerun.succeeded, "\(rerun.members.compactMap(\.error).map(\.message))")
        #expect(rerun.count(.upToDate) == 48)
        #expect(rerun.members[3].outcome == .completed && rerun.members[11].outcome == .completed)
        for (index, applied) in await fixture.applied().enumerated() {
            #expect(applied.sorted() == ["aaaa01", "bbbb02", "cccc03", "dddd04"], "member \(index): \(applied)")
        }
        for member in fixture.members {
            let ddl = await server.ddl(of: fixture.name(member)) ?? []
            #expect(ddl.filter { $0.hasPrefix("CREATE TABLE") && !$0.contains("ratchet_") }.count == 3, "\(member)")
        }
        await fixture.tearDown()
    }

    @Test("downgrade and stamp across the fleet: each member moves, its history says so")
    func downgradeAndStamp() async throws {
        let fixture = try await FleetFixture.make(count: 10)
        #expect(await fixture.migrator().migrate(.upgrade, to: .head).succeeded)
        let down = await fixture.migrator().migrate(.downgrade, to: try RevisionTarget(parsing: "bbbb02"))
        #expect(down.succeeded, "\(down.members.compactMap(\.error).map(\.message))")
        #expect(down.members.allSatisfy { $0.revisions == ["dddd04", "cccc03"] && $0.headsAfter == ["bbbb02"] })
        for member in fixture.members {
            let ddl = await fixture.server.ddl(of: fixture.name(member)) ?? []
            #expect(!ddl.contains { $0.hasPrefix("CREATE TABLE Venues") }, "\(member)")
        }
        let stamped = await fixture.migrator().stamp(.head)
        #expect(stamped.succeeded)
        #expect(stamped.members.allSatisfy { $0.headsBefore == ["bbbb02"] && $0.headsAfter == ["dddd04"] })
        let statuses = await fixture.migrator().status()
        #expect(statuses.allSatisfy { $0.heads == ["dddd04"] && $0.pending.isEmpty }, "stamped at head")
        #expect(statuses.allSatisfy { $0.state == .drifted }, "the schema is still bbbb02's: stamping records, it does not change")
        await fixture.tearDown()
    }

    @Test("status groups the members: at the heads, behind, drifted; a member that cannot be read is reported, not thrown")
    func status() async throws {
        let fixture = try await FleetFixture.make(count: 12)
        _ = await fixture.migrator(members: Array(fixture.members.prefix(9))).migrate(.upgrade, to: .head)
        try await fixture.server.applyDDL(fixture.name(fixture.members[2]), ["CREATE TABLE Extra (Id INT64 NOT NULL) PRIMARY KEY (Id)"])
        let missing = DatabaseURL.spanner(project: "p", instance: "i", database: "gone", emulator: "127.0.0.1:\(fixture.port)")
        let statuses = await fixture.migrator(members: fixture.members + [missing]).status()
        #expect(statuses.map(\.state).filter { $0 == .current }.count == 8)
        #expect(statuses[2].state == .drifted)
        #expect(statuses[2].drift.first?.contains("Extra") == true)
        #expect(statuses[9].state == .behind && statuses[9].pending.count == 4)
        #expect(statuses[12].state == .unreachable)
        #expect(FleetSummary.states(statuses) == "8 at dddd04, 3 behind, 1 drifted, 1 unreachable")
        await fixture.tearDown()
    }

    @Test("a pattern is expanded over every page of ListDatabases; a command's lines are members; each database once")
    func resolve() async throws {
        let fixture = try await FleetFixture.make(count: 130)
        try await fixture.server.createDatabase("projects/p/instances/i/databases/other")
        let pattern = try FleetPattern(parsing: "spanner://projects/p/instances/i/databases/tenant-*?emulator=127.0.0.1:\(fixture.port)")
        let listed = "spanner://projects/p/instances/i/databases/other?emulator=127.0.0.1:\(fixture.port)"
        let fleet = FleetDefinition(
            name: "all", databases: [fixture.members[5]], patterns: [pattern], command: "printf '# extra\\n\\n\(listed)\\n\(fixture.members[0])\\n'")
        let resolver = FleetResolver(connection: LiveConnection(accessTokenCommand: nil, environment: [:]), directory: fixture.directory.path)
        let members = try await resolver.members(fleet)
        #expect(members.count == 131)
        #expect(members.first == fixture.members[5])
        #expect(members.last?.description == listed)
        #expect(Set(members.map(\.description)).count == 131)
        let requests = await fixture.server.counters().requests
        #expect(requests["spanner.projects.instances.databases.list"] == 2, "two pages of 100")
        await #expect { try await resolver.members(FleetDefinition(name: "bad", command: "echo spanner://nope")) } throws: { error in
            (error as? RatchetError)?.message.contains("line 1 of the output") == true
        }
        await #expect { try await resolver.members(FleetDefinition(name: "bad", command: "echo oops >&2; exit 3")) } throws: { error in
            (error as? RatchetError)?.message.contains("exited with status 3: oops") == true
        }
        await fixture.tearDown()
    }
}
