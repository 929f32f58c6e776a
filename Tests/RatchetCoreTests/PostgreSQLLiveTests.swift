import Foundation
import RatchetCore
import SchemaDiff
import SpannerClient
import SpannerDDL
import SpannerSchema
import SpannerTestServer
import Testing

/// The live runner on a PostgreSQL-dialect database: version tables in PostgreSQL, queries with
/// `$n` parameters, DDL in the dialect, and the same exactness under faults as GoogleSQL.
@Suite("Live target, PostgreSQL dialect (over the REST test server)")
struct PostgreSQLLiveTests {
    let path = DatabasePath(project: "p", instance: "i", database: "pg")

    /// Four revisions, seven DDL statements, in PostgreSQL.
    static let revisions: [(id: String, parents: [String], upgrade: [String], downgrade: [String])] = [
        ("aaaa01", [], ["CREATE TABLE singers (singer_id bigint PRIMARY KEY, name varchar(100))"], ["DROP TABLE singers"]),
        (
            "bbbb02", ["aaaa01"],
            [
                "CREATE TABLE albums (singer_id bigint, album_id bigint, \"Title\" text, PRIMARY KEY (singer_id, album_id)) INTERLEAVE IN PARENT singers ON DELETE CASCADE",
                "CREATE INDEX albums_by_title ON albums (\"Title\")",
            ], ["DROP INDEX albums_by_title", "DROP TABLE albums"]
        ),
        (
            "cccc03", ["bbbb02"],
            ["ALTER TABLE singers ADD COLUMN bio text", "ALTER TABLE singers ADD COLUMN country varchar(2) DEFAULT 'NL'", "CREATE INDEX singers_by_name ON singers (name DESC)"],
            ["DROP INDEX singers_by_name", "ALTER TABLE singers DROP COLUMN country", "ALTER TABLE singers DROP COLUMN bio"]
        ),
        ("dddd04", ["cccc03"], ["CREATE TABLE venues (venue_id bigint PRIMARY KEY, opened timestamptz) TTL INTERVAL '30 days' ON opened"], ["DROP TABLE venues"]),
    ]

    func project(dialect: String = "postgresql") throws -> (Project, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ratchet-pg-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("versions"), withIntermediateDirectories: true)
        try "dialect = \"\(dialect)\"\nmigrations = \"versions\"\n".write(to: directory.appendingPathComponent("ratchet.toml"), atomically: true, encoding: .utf8)
        for (index, revision) in Self.revisions.enumerated() {
            let header = Revision(id: revision.id, parents: revision.parents, message: "step \(index)", created: "2026-01-0\(index + 1)T00:00:00Z")
            let text = RevisionFile.render(header, upgrade: revision.upgrade.map { .init(sql: $0) }, downgrade: revision.downgrade.map { .init(sql: $0) })
            try text.write(to: directory.appendingPathComponent("versions/\(RevisionFile.fileName(for: header))"), atomically: true, encoding: .utf8)
        }
        return (try Project(config: ProjectConfig.load(path: directory.appendingPathComponent("ratchet.toml").path)), directory)
    }

    func start(postgreSQL: Bool = true, dialect: Dialect = .postgreSQL) async throws -> (SpannerTestServer, LiveDatabase) {
        let server = try SpannerTestServer()
        let url = try await server.start()
        if postgreSQL { try await server.createPostgreSQLDatabase(path.name) } else { try await server.createDatabase(path.name) }
        let client = SpannerClient(baseURL: url, credentials: NoAuthentication(), sleeper: NoWait(), adminRequestsPerSecond: 1000)
        let live = LiveDatabase(client: client, path: path, tables: VersionTables(prefix: "ratchet_", dialect: dialect))
        if postgreSQL == (dialect == .postgreSQL) { try await live.ensureVersionTables() }
        return (server, live)
    }

    func expected(_ project: Project) throws -> String {
        DDLPrinter.format(try MigrationRun.replay(project, applied: Set(project.graph.order)).statements, dialect: .postgreSQL)
    }

    @Test("the version tables are PostgreSQL tables, and the revisions go in one schema operation each way")
    func oneOperation() async throws {
        let (project, directory) = try project()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (server, live) = try await start()
        defer { Task { await server.stop() } }
        let runner = LiveHarness(project: project, database: live)
        let (_, outcome) = try await runner.migrate(.upgrade, to: .head)
        #expect(outcome.failure == nil, "\(outcome.failure?.description ?? "")")
        #expect(outcome.schemaOperations == 1)
        let ddl = try #require(await server.ddl(of: path.name))
        #expect(ddl.contains { $0.hasPrefix("CREATE TABLE ratchet_history (\n  \"RunId\" character varying(36) NOT NULL,") }, "\(ddl)")
        #expect(ddl.contains { $0.contains("\"CommittedAt\" spanner.commit_timestamp NOT NULL") })
        let reflected = try await runner.reflect()
        #expect(reflected.dialect == .postgreSQL)
        #expect(DDLPrinter.format(reflected.statements, dialect: .postgreSQL) == (try expected(project)))
        #expect(try await runner.state().heads == ["dddd04"])
        let history = try await live.history()
        #expect(history.filter { $0.state == .applied }.map(\.revision).sorted() == Self.revisions.map(\.id))
        let (_, down) = try await runner.migrate(.downgrade, to: .base)
        #expect(down.failure == nil)
        #expect(down.schemaOperations == 1)
        #expect(try await runner.state().heads.isEmpty)
        #expect(try await runner.reflect().tables.isEmpty)
        await live.close()
    }

    @Test("fault matrix in PostgreSQL: a failure at statement k leaves exact history; the rerun applies every statement once", arguments: Array(0..<7))
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
        var owner = "", offset = k
        for revision in Self.revisions {
            if offset < revision.upgrade.count { owner = revision.id; break }
            offset -= revision.upgrade.count
        }
        #expect(failed.partial?.revision == owner)
        #expect(failed.partial?.statements == offset)
        let state = try await runner.state()
        #expect(state.applied == Set(Self.revisions.prefix { $0.id != owner }.map(\.id)))
        #expect(state.partial[owner]?.statements == offset)
        let (_, rerun) = try await runner.migrate(.upgrade, to: .head)
        #expect(rerun.failure == nil, "\(rerun.failure?.description ?? "")")
        #expect(try await runner.state().heads == ["dddd04"])
        #expect(DDLPrinter.format(try await runner.reflect().statements, dialect: .postgreSQL) == (try expected(project)))
        await live.close()
    }

    static let drops: [(String, Bool)] = [
        ("spanner.projects.instances.databases.updateDdl", false),
        ("spanner.projects.instances.databases.updateDdl", true),
        ("spanner.projects.instances.databases.operations.get", true),
        ("spanner.projects.instances.databases.sessions.commit", false),
        ("spanner.projects.instances.databases.sessions.commit", true),
        ("spanner.projects.instances.databases.sessions.executeSql", true),
    ]

    @Test("a connection lost before or after the server acts: the rerun sends no statement twice", arguments: Array(0..<6))
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
            firstFailed = true
        }
        #expect(await server.counters().requests["dropped " + method] == 1, "the fault was used")
        if firstFailed {
            let (_, rerun) = try await runner.migrate(.upgrade, to: .head, runId: "second")
            #expect(rerun.failure == nil, "\(rerun.failure?.description ?? "")")
        }
        #expect(try await runner.state().heads == ["dddd04"])
        #expect(DDLPrinter.format(try await runner.reflect().statements, dialect: .postgreSQL) == (try expected(project)))
        #expect(await server.counters().schemaOperations == 2, "the version tables, then the revisions once")
        let applied = try await live.history().filter { $0.state == .applied }.map(\.revision)
        #expect(applied.sorted() == Self.revisions.map(\.id), "each revision recorded applied once: \(applied)")
        await live.close()
    }

    @Test("the lock is taken, renewed and released with PostgreSQL queries")
    func lock() async throws {
        let (server, live) = try await start()
        defer { Task { await server.stop() } }
        try await live.ensureVersionTables()
        #expect(try await live.acquireLock(owner: "a", lease: 60) == nil)
        let holder = try await live.acquireLock(owner: "b", lease: 60)
        #expect(holder?.owner == "a")
        #expect(try await live.renewLock(owner: "a", lease: 60))
        try await live.releaseLock(owner: "a")
        #expect(try await live.acquireLock(owner: "b", lease: 60) == nil)
        await live.close()
    }

    @Test("a project and a database of different dialects: refused, naming both, before any schema change", arguments: [true, false])
    func mismatch(_ databaseIsPostgreSQL: Bool) async throws {
        let (project, directory) = try project(dialect: databaseIsPostgreSQL ? "googlesql" : "postgresql")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (server, live) = try await start(postgreSQL: databaseIsPostgreSQL, dialect: project.config.dialect)
        defer { Task { await server.stop() } }
        let runner = LiveHarness(project: project, database: live)
        await #expect {
            _ = try await runner.migrate(.upgrade, to: .head)
        } throws: { error in
            let text = String(describing: error)
            return text.contains(databaseIsPostgreSQL ? "is a PostgreSQL-dialect database" : "is a GoogleSQL-dialect database")
                && text.contains(databaseIsPostgreSQL ? "project's dialect is GoogleSQL" : "project's dialect is PostgreSQL")
        }
        #expect(await server.counters().schemaOperations == 0)
        await live.close()
    }

    @Test("a fleet of PostgreSQL-dialect databases: one rollout, every member at head, status grouped; a GoogleSQL member is refused alone")
    func fleet() async throws {
        let (project, directory) = try project()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try SpannerTestServer(envelope: .emulator)
        let url = try await server.start()
        defer { Task { await server.stop() } }
        var members: [DatabaseURL] = []
        for index in 0..<6 {
            let id = "tenant-\(index)"
            if index == 5 {
                try await server.createDatabase("projects/p/instances/i/databases/\(id)")
            } else {
                try await server.createPostgreSQLDatabase("projects/p/instances/i/databases/\(id)")
            }
            members.append(.spanner(project: "p", instance: "i", database: id, emulator: "127.0.0.1:\(url.port ?? 0)"))
        }
        let migrator = FleetMigrator(
            project: project, fleet: "tenants", members: members, connection: LiveConnection(accessTokenCommand: nil, environment: [:]),
            policy: MigrationPolicy(allowDestructive: true), rollout: FleetRollout(parallel: 3), owner: "test")
        let report = await migrator.migrate(.upgrade, to: .head)
        #expect(report.count(.completed) == 5)
        let refused = try #require(report.members.first { $0.error != nil })
        #expect(refused.error?.message.contains("is a GoogleSQL-dialect database") == true, "\(refused.error?.message ?? "")")
        #expect(await server.ddl(of: "projects/p/instances/i/databases/tenant-5")?.isEmpty == true, "nothing was sent to the GoogleSQL member")
        let status = await migrator.status()
        #expect(status.filter { $0.heads == ["dddd04"] }.count == 5)
    }
}
