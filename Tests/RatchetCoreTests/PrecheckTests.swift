import Foundation
@testable import RatchetCore
import SpannerClient
import SpannerTestServer
import Testing

/// Pre-checks against rows the REST test server holds: each catches its case before anything
/// is sent, stays silent on clean data, and reads each table a bounded number of times.
@Suite("Live data pre-checks", .serialized)
struct PrecheckTests {
    static let database = "projects/p/instances/i/databases/d"
    static let base = [
        "CREATE TABLE Users (Id INT64 NOT NULL, Email STRING(200), Name STRING(100), Age INT64) PRIMARY KEY (Id)",
        "CREATE TABLE Orders (Id INT64 NOT NULL, UserId INT64) PRIMARY KEY (Id)",
    ]

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var statement: String
        var subject: String
        /// Rows that break the statement, and rows that do not.
        var dirty: [[String: JSON]]
        var clean: [[String: JSON]]
        var description: String { name }
    }

    static func user(_ id: Int, email: JSON = "a@x", name: JSON = "Ann", age: JSON = "30") -> [String: JSON] {
        ["Id": .string(String(id)), "Email": email, "Name": name, "Age": age]
    }

    static let cases: [Case] = [
        Case(
            name: "NOT NULL", statement: "ALTER TABLE Users ALTER COLUMN Email STRING(200) NOT NULL", subject: "NULLs in Users.Email",
            dirty: [user(1), user(2, email: .null), user(3, email: .null)], clean: [user(1), user(2, email: "b@x")]),
        Case(
            name: "length", statement: "ALTER TABLE Users ALTER COLUMN Name STRING(5)", subject: "longer than 5 characters",
            dirty: [user(1, name: "Bartholomew"), user(2)], clean: [user(1, name: "Bart"), user(2, name: .null)]),
        Case(
            name: "unique index", statement: "CREATE UNIQUE INDEX UsersByEmail ON Users(Email)", subject: "duplicate keys (Email)",
            dirty: [user(1, email: "same@x"), user(2, email: "same@x"), user(3, email: "other@x")], clean: [user(1, email: "one@x"), user(2, email: "two@x")]),
        Case(
            name: "CHECK", statement: "ALTER TABLE Users ADD CONSTRAINT AgePositive CHECK (Age > 0)", subject: "failing CHECK AgePositive",
            dirty: [user(1), user(2, age: "-4")], clean: [user(1), user(2, age: .null)]),
    ]

    /// A project of two revisions: the base tables, then `statement`.
    func project(_ statement: String) throws -> (Project, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ratchet-precheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("versions"), withIntermediateDirectories: true)
        try "migrations = \"versions\"\n".write(to: directory.appendingPathComponent("ratchet.toml"), atomically: true, encoding: .utf8)
        let first = Revision(id: "aaaa01", parents: [], message: "tables", created: "2026-01-01T00:00:00Z")
        let second = Revision(id: "bbbb02", parents: ["aaaa01"], message: "validate", created: "2026-01-02T00:00:00Z")
        for (revision, statements) in [(first, Self.base), (second, [statement])] {
            let text = RevisionFile.render(revision, upgrade: statements.map { .init(sql: $0) }, downgrade: [])
            try text.write(to: directory.appendingPathComponent("versions/\(RevisionFile.fileName(for: revision))"), atomically: true, encoding: .utf8)
        }
        return (try Project(config: ProjectConfig.load(path: directory.appendingPathComponent("ratchet.toml").path)), directory)
    }

    /// The server with the database at the first revision, then `rows` in Users (and `orders`).
    func start(_ project: Project, users: [[String: JSON]], orders: [[String: JSON]] = []) async throws -> (SpannerTestServer, Migrator) {
        let server = try SpannerTestServer(envelope: .emulator)
        let url = try await server.start()
        try await server.createDatabase(Self.database)
        let target = try LiveConnection(accessTokenCommand: nil, environment: [:]).target(
            project.on(.spanner(project: "p", instance: "i", database: "d", emulator: "127.0.0.1:\(url.port ?? 0)")), create: false)
        let migrator = Migrator(project: project.on(.spanner(project: "p", instance: "i", database: "d", emulator: "127.0.0.1:\(url.port ?? 0)")), target: target)
        _ = try await migrator.migrate(.upgrade, to: try RevisionTarget(parsing: "aaaa01"))
        if !users.isEmpty { try await server.insert(users, into: "Users", in: Self.database) }
        if !orders.isEmpty { try await server.insert(orders, into: "Orders", in: Self.database) }
        return (server, migrator)
    }

    @Test("a statement that would fail on existing rows stops the run before anything is sent, naming it, the count and sample keys", arguments: cases)
    func catches(_ test: Case) async throws {
        let (project, directory) = try project(test.statement)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (server, migrator) = try await start(project, users: test.dirty)
        let before = await server.counters().schemaOperations
        await #expect { try await migrator.migrate(.upgrade, to: .head) } throws: { error in
            guard let error = error as? RatchetError else { return false }
            let text = error.description
            return error.location?.contains("bbbb02") == true && text.contains(test.subject) && text.contains("nothing was sent") && text.contains("e.g. ")
        }
        #expect(await server.counters().schemaOperations == before, "nothing was sent")
        #expect(try await migrator.status().heads == ["aaaa01"])
        await server.stop()
    }

    @Test("on clean data the pre-checks pass and the statement is sent; one query a check, no sample or size query", arguments: cases)
    func clean(_ test: Case) async throws {
        let (project, directory) = try project(test.statement)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (server, migrator) = try await start(project, users: test.clean)
        let before = await server.counters().requests["evaluated queries"] ?? 0
        let report = try await migrator.migrate(.upgrade, to: .head)
        #expect(report.outcome.failure == nil)
        #expect(try await migrator.status().heads == ["bbbb02"])
        // The check's count only: a run does not scan a table to report its size.
        #expect((await server.counters().requests["evaluated queries"] ?? 0) - before == 1)
        await server.stop()
    }

    @Test("orphan rows for a new foreign key are caught; --skip-prechecks sends the statement anyway")
    func foreignKey() async throws {
        let statement = "ALTER TABLE Orders ADD CONSTRAINT OrdersUser FOREIGN KEY (UserId) REFERENCES Users (Id)"
        let (project, directory) = try project(statement)
        defer { try? FileManager.default.removeItem(at: directory) }
        let orders: [[String: JSON]] = [["Id": "1", "UserId": "1"], ["Id": "2", "UserId": "99"], ["Id": "3", "UserId": .null]]
        let (server, migrator) = try await start(project, users: [Self.user(1)], orders: orders)
        await #expect { try await migrator.migrate(.upgrade, to: .head) } throws: { error in
            let text = (error as? RatchetError)?.description ?? ""
            return text.contains("1 rows of Orders with no Users row") && text.contains("Id=2")
        }
        var skipping = migrator
        skipping.policy = MigrationPolicy(skipPrechecks: true)
        #expect(try await skipping.migrate(.upgrade, to: .head).outcome.failure == nil)
        await server.stop()
    }

    @Test("a dry run reports the counts and each table's size; a large table is read once per check")
    func dryRunAndBounds() async throws {
        let (project, directory) = try project("CREATE UNIQUE INDEX UsersByEmail ON Users(Email)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let rows = (0..<20_000).map { Self.user($0, email: .string("user\($0)@x")) }
        let (server, migrator) = try await start(project, users: rows)
        let before = await server.counters().requests
        let started = ContinuousClock.now
        let preview = try await migrator.preview(.upgrade, to: .head)
        let elapsed = ContinuousClock.now - started
        let after = await server.counters().requests
        #expect(preview.prechecks.map(\.count) == [20_000, 0])
        #expect(preview.prechecks.first?.description.contains("rows in Users: 20000 rows") == true, "\(preview.prechecks.map(\.description))")
        #expect((after["evaluated queries"] ?? 0) - (before["evaluated queries"] ?? 0) == 2, "one scan for the size, one for the duplicates")
        print("pre-checks over 20,000 rows: \((after["spanner.projects.instances.databases.sessions.executeSql"] ?? 0) - (before["spanner.projects.instances.databases.sessions.executeSql"] ?? 0)) queries, \(elapsed)")
        await server.stop()
    }

    @Test("a validating statement after DML in the same run is not pre-checked (the DML changes its rows), and says so")
    func afterDML() async throws {
        let (project, directory) = try project("ALTER TABLE Users ALTER COLUMN Email STRING(200) NOT NULL")
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Migrator.preview(project, .upgrade, from: .revisions(try RevisionTarget(parsing: "aaaa01")), to: .head)
        let (checks, unchecked) = PrecheckPlanner.prechecks(for: run.run, before: run.before)
        #expect(checks.map(\.kind) == [.tableSize, .notNull])
        #expect(unchecked.isEmpty)
        var withDML = run.run
        let dml = try #require(try RevisionFile.body(of: Array("-- +upgrade\nUPDATE Users SET Email = 'x' WHERE Email IS NULL;\n-- +downgrade\n".utf8), file: "x.sql").upgrade.first)
        withDML.steps.insert(
            MigrationRun.Step(revision: "bbbb02", planned: .init(statement: dml.statement, cost: .instant, reason: "DML", object: "revision bbbb02"), location: FilePosition(file: "x.sql", line: 2, column: 1)),
            at: 0)
        let (none, notes) = PrecheckPlanner.prechecks(for: withDML, before: run.before)
        #expect(none.isEmpty)
        #expect(notes.first?.contains("DML earlier in the run") == true)
    }
}
