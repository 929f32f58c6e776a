import Foundation
import RatchetCore
import SchemaDiff
import SpannerClient
import SpannerDDL
import SpannerSchema
import SpannerTestServer
import Testing

/// The library's migrator over a live target, as the tests drive it.
struct LiveHarness {
    let target: LiveTarget
    let migrator: Migrator

    /// Downgrades here exercise the runner, not the data-loss policy (tested on its own), so
    /// they are allowed to drop.
    init(project: Project, database: LiveDatabase, policy: MigrationPolicy = MigrationPolicy(allowDestructive: true)) {
        target = LiveTarget(project: project, database: database)
        migrator = Migrator(project: project, target: target, policy: policy)
    }

    func migrate(_ direction: RevisionBody.Direction, to goal: RevisionTarget, runId: String = UUID().uuidString.lowercased()) async throws -> (MigrationRun, MigrationOutcome) {
        let report = try await migrator.migrate(direction, to: goal, runId: runId)
        return (report.run, report.outcome)
    }

    func state() async throws -> TargetStatus { try await migrator.status() }
    func reflect() async throws -> Schema { try await target.reflect() }
    func resume(runId: String) async throws -> Int { try await target.settle(runId: runId, progress: { _ in }) }
}

@Suite("Live target (over the REST test server)")
struct LiveTargetTests {
    let path = DatabasePath(project: "p", instance: "i", database: "d")

    /// Four revisions, seven DDL statements, one of them a merge-free chain.
    static let revisions: [(id: String, parents: [String], upgrade: [String], downgrade: [String])] = [
        ("aaaa01", [], ["CREATE TABLE Singers (SingerId INT64 NOT NULL, Name STRING(100)) PRIMARY KEY (SingerId)"], ["DROP TABLE Singers"]),
        (
            "bbbb02", ["aaaa01"],
            [
                "CREATE TABLE Albums (SingerId INT64 NOT NULL, AlbumId INT64 NOT NULL, Title STRING(MAX)) PRIMARY KEY (SingerId, AlbumId), INTERLEAVE IN PARENT Singers ON DELETE CASCADE",
                "CREATE INDEX AlbumsByTitle ON Albums(Title)",
            ], ["DROP INDEX AlbumsByTitle", "DROP TABLE Albums"]
        ),
        (
            "cccc03", ["bbbb02"], ["ALTER TABLE Singers ADD COLUMN Bio STRING(MAX)", "ALTER TABLE Singers ADD COLUMN Country STRING(2)", "CREATE INDEX SingersByName ON Singers(Name)"],
            ["DROP INDEX SingersByName", "ALTER TABLE Singers DROP COLUMN Country", "ALTER TABLE Singers DROP COLUMN Bio"]
        ),
        ("dddd04", ["cccc03"], ["CREATE TABLE Venues (VenueId INT64 NOT NULL) PRIMARY KEY (VenueId)"], ["DROP TABLE Venues"]),
    ]

    static var statementCount: Int { revisions.map(\.upgrade.count).reduce(0, +) }

    func project() throws -> (Project, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ratchet-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("versions"), withIntermediateDirectories: true)
        try "migrations = \"versions\"\n".write(to: directory.appendingPathComponent("ratchet.toml"), atomically: true, encoding: .utf8)
        for (index, revision) in Self.revisions.enumerated() {
            let header = Revision(id: revision.id, parents: revision.parents, message: "step \(index)", created: "2026-01-0\(index + 1)T00:00:00Z")
            let text = RevisionFile.render(header, upgrade: revision.upgrade.map { .init(sql: $0) }, downgrade: revision.downgrade.map { .init(sql: $0) })
            try text.write(to: directory.appendingPathComponent("versions/\(RevisionFile.fileName(for: header))"), atomically: true, encoding: .utf8)
        }
        return (try Project(config: ProjectConfig.load(path: directory.appendingPathComponent("ratchet.toml").path)), directory)
    }

    func start() async throws -> (SpannerTestServer, LiveDatabase) {
        let server = try SpannerTestServer()
        let url = try await server.start()
        try await server.createDatabase(path.name)
        let client = SpannerClient(baseURL: url, credentials: NoAuthentication(), sleeper: NoWait(), adminRequestsPerSecond: 1000)
        let live = LiveDatabase(client: client, path: path, tables: VersionTables(prefix: "ratchet_"))
        try await live.ensureVersionTables()
        return (server, live)
    }

    /// The schema the revisions produce, as canonical DDL, for comparison with the live one.
    func expected(_ project: Project) throws -> String {
        DDLPrinter.format(try MigrationRun.replay(project, applied: Set(project.graph.order)).statements)
    }

    @Test("four revisions go in one schema operation; downgrade to base in one more")
    func oneOperation() async throws {
        let (project, directory) = try project()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (server, live) = try await start()
        defer { Task { await server.stop() } }
        let runner = LiveHarness(project: project, database: live)
        let (_, outcome) = try await runner.migrate(.upgrade, to: .head)
        #expect(outcome.failure == nil)
        #expect(outcome.completed == project.graph.order)
        #expect(outcome.schemaOperations == 1)
        #expect(DDLPrinter.format(try await runner.reflect().statements) == (try expected(project)))
        #expect(try await runner.state().heads == ["dddd04"])
        let (_, down) = try await runner.migrate(.downgrade, to: .base)
        #expect(down.failure == nil)
        #expect(down.schemaOperations == 1)
        #expect(try await runner.state().heads.isEmpty)
        #expect(try await runner.reflect().tables.isEmpty)
        await live.close()
    }

    @Test(
        "fault matrix: a failure at statement k leaves exact history; the rerun applies every statement exactly once",
        arguments: Array(0..<7))
    func faultMatrix(_ k: Int) async throws {
        let (project, directory) = try project()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (server, live) = try await start()
        defer { Task { await server.stop() } }
        let runner = LiveHarness(project: project, database: live)
        await server.inject(.failStatement(index: k, message: "injected failure at \(k)"))
        let (_, failed) = try await runner.migrate(.upgrade, to: .head)
        let failure = try #require(failed.failure)
        #expect(failure.message.contains("injected failure at \(k)"))
        // Which revision statement k belongs to, and how far into it.
        var owner = "", offset = k
        for revision in Self.revisions {
            if offset < revision.upgrade.count { owner = revision.id; break }
            offset -= revision.upgrade.count
        }
        #expect(failed.partial?.revision == owner)
        #expect(failed.partial?.statements == offset)
        let state = try await runner.state()
        let completedBefore = Self.revisions.prefix { $0.id != owner }.map(\.id)
        #expect(state.applied == Set(completedBefore))
        #expect(state.partial[owner]?.statements == offset)
        #expect(failure.location?.contains(owner) == true, "the failing statement is reported with its revision file")

        // The fault is gone; the rerun finishes the job without repeating anything (a repeat
        // would fail on the rule engine: duplicate table or column).
        let (_, rerun) = try await runner.migrate(.upgrade, to: .head)
        #expect(rerun.failure == nil, "\(rerun.failure?.description ?? "")")
        #expect(try await runner.state().heads == ["dddd04"])
        #expect(DDLPrinter.format(try await runner.reflect().statements) == (try expected(project)))
        let counters = await server.counters()
        #expect(counters.schemaOperations <= 3, "version tables, the failed batch, the rest")
        await live.close()
    }

    @Test("a run that died after sending a batch is settled from its operation by the next run")
    func crashAfterSend() async throws {
        let (project, directory) = try project()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (server, live) = try await start()
        defer { Task { await server.stop() } }
        // Simulate the crash: record `applying` and send the batch, as the runner does, then stop.
        let runner = LiveHarness(project: project, database: live)
        let path = try MigrationPath.upgrade(project.graph, from: [], to: .head)
        let run = try MigrationRun.prepare(project, path: path, from: Schema())
        let statements = run.steps.map(\.planned.sql)
        let operationId = "ratchet_crashed_run"
        var entries: [LiveDatabase.HistoryEntry] = []
        var start = 0
        for (index, revision) in Self.revisions.enumerated() {
            entries.append(
                .init(
                    runId: "dead", step: Int64(index), revision: revision.id, direction: .upgrade, state: .applying, statementsApplied: 0,
                    checksum: run.bodies[revision.id]!.upgradeChecksum, operation: .statements(operation: "\(self.path.name)/operations/\(operationId)", start: start, count: revision.upgrade.count)))
            start += revision.upgrade.count
        }
        try await live.record(entries)
        _ = try await live.client.updateDDL(self.path, statements: statements, operationId: operationId)
        // The next run settles it: everything is applied, nothing is sent again.
        let settled = try await runner.resume(runId: "next")
        #expect(settled == 1)
        #expect(try await runner.state().heads == ["dddd04"])
        let (_, nothing) = try await runner.migrate(.upgrade, to: .head)
        #expect(nothing.schemaOperations == 0)
        #expect(DDLPrinter.format(try await runner.reflect().statements) == (try expected(project)))
        await live.close()
    }

    /// Where a connection is lost, and whether the server had acted on the request.
    static let drops: [(method: String, afterHandling: Bool)] = [
        ("spanner.projects.instances.databases.updateDdl", false),
        ("spanner.projects.instances.databases.updateDdl", true),
        ("spanner.projects.instances.databases.operations.get", true),
        ("spanner.projects.instances.databases.sessions.commit", false),
        ("spanner.projects.instances.databases.sessions.commit", true),
        ("spanner.projects.instances.databases.sessions.executeSql", true),
        ("spanner.projects.instances.databases.sessions.beginTransaction", true),
    ]

    @Test(
        "a connection lost before or after the server acts: the run goes on or stops cleanly; the rerun sends no statement twice",
        arguments: Array(0..<7))
    func droppedConnection(_ index: Int) async throws {
        let (method, after) = Self.drops[index]
        let (project, directory) = try project()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (server, live) = try await start()
        defer { Task { await server.stop() } }
        let runner = LiveHarness(project: project, database: live)
        await server.inject(.dropConnection(method: method, afterHandling: after))
        var firstFailed = false
        do {
            let (_, outcome) = try await runner.migrate(.upgrade, to: .head, runId: "first")
            firstFailed = outcome.failure != nil
        } catch {
            // A write whose answer was lost is not repeated blindly: the run stops, saying so.
            firstFailed = true
            #expect(
                String(describing: error).contains("dropped") || String(describing: error).contains("closed") || String(describing: error).contains("connection") || String(describing: error).contains("UNAVAILABLE"),
                "\(error)")
        }
        #expect(await server.counters().requests["dropped " + method] == 1, "the fault was used")
        if firstFailed {
            let (_, rerun) = try await runner.migrate(.upgrade, to: .head, runId: "second")
            #expect(rerun.failure == nil, "\(rerun.failure?.description ?? "")")
        }
        #expect(try await runner.state().heads == ["dddd04"])
        #expect(DDLPrinter.format(try await runner.reflect().statements) == (try expected(project)))
        #expect(await server.counters().schemaOperations == 2, "the version tables, then the revisions once: no batch was sent twice")
        let applied = try await live.history().filter { $0.state == .applied }.map(\.revision)
        #expect(applied.sorted() == Self.revisions.map(\.id), "each revision recorded applied once: \(applied)")
        await live.close()
    }

    @Test("a batch Spanner refuses before running it: nothing of it is applied, the history says so at once, and the rerun sends it again")
    func refusedBatch() async throws {
        let (project, directory) = try project()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (server, live) = try await start()
        defer { Task { await server.stop() } }
        let runner = LiveHarness(project: project, database: live)
        // The first revision goes alone, so that the refused batch follows applied work.
        _ = try await runner.migrate(.upgrade, to: .relative(1))
        await server.inject(.refuseSchemaChange(message: "Duplicate name in schema: Albums."))
        let (_, refused) = try await runner.migrate(.upgrade, to: .head)
        let failure = try #require(refused.failure)
        #expect(failure.message.contains("refused schema operation 1 before running it"))
        #expect(failure.message.contains("Duplicate name in schema"))
        #expect(refused.schemaOperations == 0)
        #expect(refused.partial == nil)
        let state = try await runner.state()
        #expect(state.applied == ["aaaa01"])
        #expect(state.partial.isEmpty)
        var latest: [String: RevisionState] = [:]
        for entry in try await live.history() { latest[entry.revision] = entry.state }
        #expect(!latest.values.contains(.applying), "no row is left applying: nothing waits to be settled: \(latest)")
        #expect(latest["bbbb02"] == .failed)
        let (_, rerun) = try await runner.migrate(.upgrade, to: .head)
        #expect(rerun.failure == nil, "\(rerun.failure?.description ?? "")")
        #expect(rerun.schemaOperations == 1)
        #expect(DDLPrinter.format(try await runner.reflect().statements) == (try expected(project)))
        await live.close()
    }

    @Test("a checkpoint that throws (the lock was lost) stops the run before anything is sent; the history stays exact")
    func checkpointStops() async throws {
        let (project, directory) = try project()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (server, live) = try await start()
        defer { Task { await server.stop() } }
        let runner = LiveHarness(project: project, database: live)
        let before = await server.counters().schemaOperations
        let run = try MigrationRun.prepare(project, path: MigrationPath.upgrade(project.graph, from: [], to: .head), from: Schema())
        await #expect(throws: RatchetError.self) {
            _ = try await runner.target.apply(
                run, runId: "lost", alreadyApplied: [:], progress: { _ in },
                checkpoint: { () throws(RatchetError) in throw RatchetError(.lockHeld, "the migration lock was taken over") })
        }
        #expect(await server.counters().schemaOperations == before, "nothing was sent")
        let state = try await runner.state()
        #expect(state.applied.isEmpty && state.partial.isEmpty)
        #expect(try await live.history().allSatisfy { $0.state != .applying })
        await live.close()
    }

    @Test("DML in revisions runs between schema operations, in a read-write transaction or as partitioned DML, and ends the batch")
    func dmlBetweenBatches() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ratchet-live-dml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("versions"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "migrations = \"versions\"\n".write(to: directory.appendingPathComponent("ratchet.toml"), atomically: true, encoding: .utf8)
        let revisions: [(String, [String], [RevisionFile.Entry])] = [
            ("dml001", [], [.init(sql: "CREATE TABLE Singers (SingerId INT64 NOT NULL, Name STRING(100)) PRIMARY KEY (SingerId)")]),
            (
                "dml002", ["dml001"],
                [
                    .init(sql: "DELETE FROM Singers WHERE TRUE"),
                    .init(comments: ["ratchet:partitioned-dml"], sql: "DELETE FROM Singers WHERE TRUE"),
                    .init(sql: "ALTER TABLE Singers ADD COLUMN Bio STRING(MAX)"),
                ]
            ),
        ]
        for (index, (id, parents, upgrade)) in revisions.enumerated() {
            let header = Revision(id: id, parents: parents, message: "step \(index)", created: "2026-01-0\(index + 1)T00:00:00Z")
            try RevisionFile.render(header, upgrade: upgrade, downgrade: []).write(to: directory.appendingPathComponent("versions/\(RevisionFile.fileName(for: header))"), atomically: true, encoding: .utf8)
        }
        let project = try Project(config: ProjectConfig.load(path: directory.appendingPathComponent("ratchet.toml").path))
        let (server, live) = try await start()
        defer { Task { await server.stop() } }
        let runner = LiveHarness(project: project, database: live)
        let (run, outcome) = try await runner.migrate(.upgrade, to: .head)
        #expect(outcome.failure == nil, "\(outcome.failure?.description ?? "")")
        #expect(run.steps.filter(\.isDML).count == 2)
        #expect(outcome.schemaOperations == 2, "the DML splits the DDL into two operations")
        #expect(outcome.completed == ["dml001", "dml002"])
        let requests = await server.counters().requests
        #expect(requests["spanner.projects.instances.databases.sessions.executeSql", default: 0] >= 2)
        #expect(try await runner.reflect().table("Singers")?.column("Bio") != nil)
        await live.close()
    }
}

@Suite("Refused schema operations")
struct RefusedStatementTests {
    static func batch(_ sql: [String]) -> [MigrationRun.Step] {
        sql.enumerated().map { index, text in
            let statement = DDLDocument.parse(text).statementList[0]
            return MigrationRun.Step(revision: "r", planned: PlannedStatement(statement: statement, cost: .instant, reason: "", object: "revision r"), location: FilePosition(file: "r.sql", line: index + 8, column: 1))
        }
    }

    @Test(
        "the statement Spanner's message names is blamed, not the batch's first",
        arguments: [
            ("Table not found: Nope", 1),
            ("Duplicate name in schema: Albums.", 2),
            ("Error parsing Spanner DDL statement: CREATE INDEX ByNope ON Nope(Id) : Syntax error", 1),
            ("Cannot drop column `Singers`.`Bio`: it is used", 0),
        ])
    func blamed(_ message: String, _ index: Int) {
        let steps = Self.batch([
            "ALTER TABLE Singers DROP COLUMN Bio",
            "CREATE INDEX ByNope ON Nope(Id)",
            "CREATE TABLE Albums (Id INT64) PRIMARY KEY (Id)",
        ])
        #expect(LiveTarget.refusedStatement(message, in: steps)?.location == steps[index].location)
    }
}
