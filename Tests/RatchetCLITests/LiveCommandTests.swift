import Foundation
import RatchetCore
import SpannerClient
import SpannerTestServer
import Testing

/// The `ratchet` binary against the REST test server, addressed like an emulator.
@Suite("Live upgrade and downgrade (the binary against the REST test server)", .serialized)
struct LiveCommandTests {
    static let schema = """
        CREATE TABLE Singers (SingerId INT64 NOT NULL, Name STRING(100)) PRIMARY KEY (SingerId);
        CREATE TABLE Albums (SingerId INT64 NOT NULL, AlbumId INT64 NOT NULL, Title STRING(MAX)) PRIMARY KEY (SingerId, AlbumId), INTERLEAVE IN PARENT Singers ON DELETE CASCADE;
        CREATE INDEX AlbumsByTitle ON Albums(Title);
        """

    func project(revisions: Int) throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        #expect(try RatchetProcess.run(["init", dir.url.path]).status == 0)
        // One revision per table, then an extra column each: several revisions to coalesce.
        try dir.write("schema.sql", "CREATE TABLE T0 (Id INT64 NOT NULL) PRIMARY KEY (Id);\n")
        #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "t0"], in: dir.url).status == 0)
        var schema = "CREATE TABLE T0 (Id INT64 NOT NULL) PRIMARY KEY (Id);\n"
        for index in 1..<revisions {
            schema += "CREATE TABLE T\(index) (Id INT64 NOT NULL, Name STRING(MAX)) PRIMARY KEY (Id);\nCREATE INDEX T\(index)ByName ON T\(index)(Name);\n"
            try dir.write("schema.sql", schema)
            #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "t\(index)"], in: dir.url).status == 0)
        }
        return dir
    }

    func server() async throws -> (SpannerTestServer, String) {
        let server = try SpannerTestServer(envelope: .emulator)
        let url = try await server.start()
        try await server.createDatabase("projects/p/instances/i/databases/d")
        return (server, "spanner://projects/p/instances/i/databases/d?emulator=127.0.0.1:\(url.port!)")
    }

    @Test("20 revisions go to a live database in one schema operation (plus the version tables), and back")
    func twentyRevisions() async throws {
        let dir = try project(revisions: 20)
        let (server, database) = try await server()
        defer { Task { await server.stop() } }
        let up = try await RatchetProcess.runAsync(["upgrade", "--database", database], in: dir.url)
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout.contains("in 1 schema operation"), "\(up.stdout)")
        let counters = await server.counters()
        #expect(counters.schemaOperations == 2, "the version tables, then every revision at once")
        let ddl = await server.ddl(of: "projects/p/instances/i/databases/d") ?? []
        #expect(ddl.contains { $0.hasPrefix("CREATE TABLE T19") })
        let again = try await RatchetProcess.runAsync(["upgrade", "--database", database], in: dir.url)
        #expect(again.stdout.contains("Nothing to do"))
        let refused = try await RatchetProcess.runAsync(["downgrade", "base", "--database", database], in: dir.url)
        #expect(refused.status == 3, "dropping tables needs --allow-destructive")
        let down = try await RatchetProcess.runAsync(["downgrade", "base", "--database", database, "--allow-destructive"], in: dir.url)
        #expect(down.status == 0, "\(down.stderr)")
        let after = await server.ddl(of: "projects/p/instances/i/databases/d") ?? []
        #expect(after.allSatisfy { $0.contains("ratchet_") }, "only the version tables are left")
        print("20-revision upgrade: \(counters.schemaOperations) schema operations, \(counters.requests.values.reduce(0, +)) requests (\(counters.requests.filter { $0.key.contains("databases.") && !$0.key.contains("sessions") }.values.reduce(0, +)) admin)")
    }

    @Test("--dry-run plans from the live state and changes nothing; current reports the heads")
    func dryRunAndCurrent() async throws {
        let dir = try project(revisions: 3)
        let (server, database) = try await server()
        defer { Task { await server.stop() } }
        let preview = try await RatchetProcess.runAsync(["upgrade", "--dry-run", "--database", database], in: dir.url)
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.contains("-- Batch 1 of 1"))
        #expect(preview.stdout.contains("CREATE TABLE T2"))
        #expect(await server.counters().schemaOperations == 0, "a dry run changes nothing")
        let before = try await RatchetProcess.runAsync(["current", "--database", database], in: dir.url)
        #expect(before.stdout.hasPrefix("base"), "\(before.stdout)\(before.stderr)")
        #expect(try await RatchetProcess.runAsync(["upgrade", "--database", database], in: dir.url).status == 0)
        let after = try await RatchetProcess.runAsync(["current", "--verbose", "--database", database], in: dir.url)
        #expect(after.stdout.contains("(head)"))
        #expect(after.stdout.contains("applied"))
    }

    @Test("database create on the emulator (instance too), then autogenerate --from-database diffs against the live schema")
    func createAndFromDatabase() async throws {
        let dir = try project(revisions: 2)
        let server = try SpannerTestServer(envelope: .emulator)
        let url = try await server.start()
        defer { Task { await server.stop() } }
        let database = "spanner://projects/p/instances/fresh/databases/db1?emulator=127.0.0.1:\(url.port!)"
        let created = try await RatchetProcess.runAsync(["database", "create", "--database", database], in: dir.url)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("Created database projects/p/instances/fresh/databases/db1"))
        let again = try await RatchetProcess.runAsync(["database", "create", "--database", database], in: dir.url)
        #expect(again.status == 65, "an existing database is an input error, not a difference found")
        #expect(again.stderr.contains("exists already"))
        let accepted = try await RatchetProcess.runAsync(["database", "create", "--if-not-exists", "--database", database], in: dir.url)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(try await RatchetProcess.runAsync(["upgrade", "--database", database], in: dir.url).status == 0)
        try dir.write("schema.sql", String(contentsOf: dir.url.appendingPathComponent("schema.sql"), encoding: .utf8) + "CREATE TABLE Extra (Id INT64 NOT NULL) PRIMARY KEY (Id);\n")
        let generated = try await RatchetProcess.runAsync(["revision", "--autogenerate", "--from-database", "-m", "extra", "--database", database], in: dir.url)
        #expect(generated.status == 0, "\(generated.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.url.appendingPathComponent("versions").path)
        let extra = try #require(files.first { $0.hasSuffix("_extra.sql") })
        let text = try String(contentsOf: dir.url.appendingPathComponent("versions/\(extra)"), encoding: .utf8)
        #expect(text.contains("CREATE TABLE Extra"))
        #expect(!text.contains("CREATE TABLE T0"), "the live schema already has the other tables")
        #expect(!text.contains("ratchet_"), "the version tables are not part of the user's schema")
    }

    @Test("drift stops the run with the difference; --ignore-drift goes ahead")
    func drift() async throws {
        let dir = try project(revisions: 3)
        let (server, database) = try await server()
        defer { Task { await server.stop() } }
        #expect(try await RatchetProcess.runAsync(["upgrade", "+1", "--database", database], in: dir.url).status == 0)
        // Someone adds a table by hand, outside the revisions.
        try await server.applyDDL("projects/p/instances/i/databases/d", ["CREATE TABLE HandMade (Id INT64 NOT NULL) PRIMARY KEY (Id)"])
        let stopped = try await RatchetProcess.runAsync(["upgrade", "--database", database], in: dir.url)
        #expect(stopped.status == 65)
        #expect(stopped.stderr.contains("drift"))
        #expect(stopped.stderr.contains("HandMade"))
        let forced = try await RatchetProcess.runAsync(["upgrade", "--database", database, "--ignore-drift"], in: dir.url)
        #expect(forced.status == 0, "\(forced.stderr)")
    }

    @Test("concurrent upgrades: every revision is applied once; the others wait or name the lock holder", arguments: [2, 10])
    func concurrent(_ processes: Int) async throws {
        let dir = try project(revisions: 4)
        let (server, database) = try await server()
        defer { Task { await server.stop() } }
        let url = dir.url
        let results = try await withThrowingTaskGroup(of: RatchetProcess.Result.self) { group in
            for _ in 0..<processes { group.addTask { try await RatchetProcess.runAsync(["upgrade", "--database", database, "--lock-timeout", "30"], in: url) } }
            var all: [RatchetProcess.Result] = []
            for try await result in group { all.append(result) }
            return all
        }
        for result in results {
            #expect(result.status == 0 || result.stderr.contains("holds the migration lock"), "\(result.stderr)")
        }
        let appliers = results.filter { $0.stdout.contains("Applied") }
        #expect(appliers.count == 1, "exactly one run applied the revisions")
        let ddl = await server.ddl(of: "projects/p/instances/i/databases/d") ?? []
        #expect(ddl.filter { $0.hasPrefix("CREATE TABLE T") }.count == 4)
        let history = await server.rows(of: "ratchet_history", in: "projects/p/instances/i/databases/d")
        let applied = history.filter { $0["State"] == "applied" }.compactMap { $0["Revision"] }
        #expect(applied.count == 4, "each revision recorded applied once")
        #expect(Set(applied).count == 4)
    }

    /// Revision ids in graph order, read from `ratchet history` (newest first there).
    func revisionIds(_ dir: TemporaryDirectory) throws -> [String] {
        let out = try RatchetProcess.run(["history", "--database", "local"], in: dir.url).stdout
        return out.split(separator: "\n").filter { $0.contains(" -> ") }.map { line in
            String(line.split(separator: " -> ")[1].prefix { $0 != " " && $0 != "," })
        }.reversed()
    }

    @Test("stamp records revisions without running them; history shows when, who and how long; a later upgrade sends only the rest")
    func stampAndHistory() async throws {
        let dir = try project(revisions: 3)
        let ids = try revisionIds(dir)
        #expect(ids.count == 3)
        let (server, database) = try await server()
        defer { Task { await server.stop() } }
        let path = "projects/p/instances/i/databases/d"
        // The first two revisions' schema was made by hand, before Ratchet.
        try await server.applyDDL(
            path,
            [
                "CREATE TABLE T0 (Id INT64 NOT NULL) PRIMARY KEY (Id)",
                "CREATE TABLE T1 (Id INT64 NOT NULL, Name STRING(MAX)) PRIMARY KEY (Id)",
                "CREATE INDEX T1ByName ON T1(Name)",
            ])
        let operationsBefore = await server.counters().schemaOperations
        let stamped = try await RatchetProcess.runAsync(["stamp", ids[1], "--database", database], in: dir.url)
        #expect(stamped.status == 0, "\(stamped.stderr)")
        #expect(stamped.stdout.contains("Stamped"), "\(stamped.stdout)")
        #expect(await server.counters().schemaOperations == operationsBefore + 1, "only the version tables were created")
        let current = try await RatchetProcess.runAsync(["current", "--database", database], in: dir.url)
        #expect(current.stdout.hasPrefix(ids[1]), "\(current.stdout)\(current.stderr)")
        let up = try await RatchetProcess.runAsync(["upgrade", "--database", database], in: dir.url)
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout.contains("Applied \(ids[2])"))
        #expect(!up.stdout.contains("Applied \(ids[0])"), "stamped revisions are not run again")
        #expect(up.stdout.contains("in 1 schema operation"), "\(up.stdout)")

        let history = try await RatchetProcess.runAsync(["history", "--database", database], in: dir.url)
        #expect(history.status == 0, "\(history.stderr)")
        let lines = history.stdout.split(separator: "\n").map(String.init)
        let user = ProcessUser.name
        let newest = try #require(lines.firstIndex { $0.contains("-> \(ids[2])") })
        #expect(lines[newest + 1].hasPrefix("    applied at 20"), "\(history.stdout)")
        #expect(lines[newest + 1].contains("by \(user)"))
        #expect(lines[newest + 1].contains(" ms") || lines[newest + 1].hasSuffix(" s"), "the duration of its statements")
        let oldest = try #require(lines.firstIndex { $0.contains("-> \(ids[0])") })
        #expect(lines[oldest + 1].hasPrefix("    stamped at 20"), "\(history.stdout)")

        // Stamping back to base records nothing applied and sends no DDL.
        let operations = await server.counters().schemaOperations
        let base = try await RatchetProcess.runAsync(["stamp", "base", "--database", database], in: dir.url)
        #expect(base.status == 0, "\(base.stderr)")
        #expect(await server.counters().schemaOperations == operations)
        let after = try await RatchetProcess.runAsync(["current", "--database", database], in: dir.url)
        #expect(after.stdout.hasPrefix("base"), "\(after.stdout)")
        let plain = try await RatchetProcess.runAsync(["history", "--database", database], in: dir.url)
        #expect(!plain.stdout.contains("    applied"), "reverted by the stamp: \(plain.stdout)")
    }

    @Test("schema dump, diff and check read the live database: what it has, what it lacks, drift")
    func dumpDiffCheck() async throws {
        let dir = try project(revisions: 3)
        let (server, database) = try await server()
        defer { Task { await server.stop() } }
        #expect(try await RatchetProcess.runAsync(["upgrade", "+2", "--database", database], in: dir.url).status == 0)

        for source in [["database", "--database", database], [database]] {
            let dump = try await RatchetProcess.runAsync(["schema", "dump"] + source, in: dir.url)
            #expect(dump.status == 0, "\(dump.stderr)")
            #expect(dump.stdout.contains("CREATE TABLE T1"), "\(dump.stdout)")
            #expect(!dump.stdout.contains("CREATE TABLE T2"))
            #expect(!dump.stdout.contains("ratchet_"), "the version tables are Ratchet's, not the user's")
        }
        let pending = try await RatchetProcess.runAsync(["diff", database, "revisions@head", "--format", "sql"], in: dir.url)
        #expect(pending.status == 0, "\(pending.stderr)")
        #expect(pending.stdout.contains("CREATE TABLE T2"))
        #expect(!pending.stdout.contains("CREATE TABLE T1"))
        let declared = try await RatchetProcess.runAsync(["diff", "database", "declared", "--database", database, "--exit-code"], in: dir.url)
        #expect(declared.status == 0, "a plan exists: \(declared.stderr)")
        #expect(declared.stdout.contains("T2"))

        let behind = try await RatchetProcess.runAsync(["check", "--database", database], in: dir.url)
        #expect(behind.status == 1)
        #expect(behind.stdout.contains("1 revision not applied"), "\(behind.stdout)\(behind.stderr)")
        #expect(try await RatchetProcess.runAsync(["check", "--offline", "--database", database], in: dir.url).status == 0)

        #expect(try await RatchetProcess.runAsync(["upgrade", "--database", database], in: dir.url).status == 0)
        let level = try await RatchetProcess.runAsync(["check", "--database", database], in: dir.url)
        #expect(level.status == 0, "\(level.stdout)\(level.stderr)")
        #expect(level.stdout.contains("is at the heads"))
        let equal = try await RatchetProcess.runAsync(["diff", database, "revisions@head", "--exit-code"], in: dir.url)
        #expect(equal.status == 2, "the live schema is what the revisions produce")

        try await server.applyDDL("projects/p/instances/i/databases/d", ["CREATE TABLE HandMade (Id INT64 NOT NULL) PRIMARY KEY (Id)"])
        let drifted = try await RatchetProcess.runAsync(["check", "--database", database], in: dir.url)
        #expect(drifted.status == 1)
        #expect(drifted.stdout.contains("drift: database has: CREATE TABLE HandMade"), "\(drifted.stdout)")

        let unreachable = try await RatchetProcess.runAsync(["schema", "dump", "spanner://projects/p/instances/i/databases/missing?emulator=127.0.0.1:1"], in: dir.url)
        #expect(unreachable.status == 65)
        #expect(unreachable.stderr.contains("cannot read the database's schema"), "\(unreachable.stderr)")
    }

    @Test("the emulator's GetDatabaseDdl omits named schemas, roles and grants: no false drift, and later revisions that use them still validate")
    func emulatorOmissions() async throws {
        let dir = try TemporaryDirectory()
        #expect(try RatchetProcess.run(["init", dir.url.path]).status == 0)
        var schema = """
            CREATE SCHEMA sales;
            CREATE TABLE sales.Orders (Id INT64 NOT NULL, Total NUMERIC) PRIMARY KEY (Id);
            CREATE ROLE analyst;
            GRANT SELECT ON TABLE sales.Orders TO ROLE analyst;

            """
        try dir.write("schema.sql", schema)
        #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "orders"], in: dir.url).status == 0)
        let (server, database) = try await server()
        defer { Task { await server.stop() } }
        let first = try await RatchetProcess.runAsync(["upgrade", "--database", database], in: dir.url)
        #expect(first.status == 0, "\(first.stderr)")
        let served = await server.ddl(of: "projects/p/instances/i/databases/d") ?? []
        #expect(served.contains { $0.hasPrefix("CREATE ROLE analyst") }, "the server holds the role even though getDdl leaves it out")

        // The next revision grants on the role and adds to the named schema's table.
        schema += "CREATE ROLE auditor;\nGRANT SELECT ON TABLE sales.Orders TO ROLE auditor;\nCREATE INDEX sales.OrdersByTotal ON sales.Orders(Total);\n"
        try dir.write("schema.sql", schema)
        let generated = try await RatchetProcess.runAsync(["revision", "--autogenerate", "--from-database", "-m", "auditor", "--database", database], in: dir.url)
        #expect(generated.status == 0, "\(generated.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.url.appendingPathComponent("versions").path)
        let text = try String(contentsOf: dir.url.appendingPathComponent("versions/\(try #require(files.first { $0.hasSuffix("_auditor.sql") }))"), encoding: .utf8)
        #expect(!text.contains("CREATE ROLE analyst"), "the role the emulator does not list is known from the revisions: \(text)")
        #expect(!text.contains("CREATE SCHEMA"), "\(text)")
        #expect(text.contains("CREATE ROLE auditor"))

        let second = try await RatchetProcess.runAsync(["upgrade", "--database", database], in: dir.url)
        #expect(second.status == 0, "no false drift, and the grant validates: \(second.stderr)")
        let check = try await RatchetProcess.runAsync(["check", "--database", database], in: dir.url)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test("on a terminal, each schema operation gets a bar redrawn in place; piped, plain lines", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func progressBar() async throws {
        let dir = try project(revisions: 3)
        // Production-like operations that need polls, so that progress is reported.
        let server = try SpannerTestServer(envelope: .production, pollsToComplete: 3)
        let url = try await server.start()
        defer { Task { await server.stop() } }
        try await server.createDatabase("projects/p/instances/i/databases/d")
        let database = "spanner://projects/p/instances/i/databases/d?emulator=127.0.0.1:\(url.port!)"
        var environment = ProcessInfo.processInfo.environment
        environment["CI"] = nil
        environment["TERM"] = "xterm"
        // util-linux `script` runs the command on a pseudo-terminal and copies what it shows.
        let command = "'\(RatchetProcess.executable.path)' upgrade +2 --database '\(database)'"
        let terminal = try await RatchetProcess.runAsync(["-qec", command, "/dev/null"], in: dir.url, executable: URL(fileURLWithPath: "/usr/bin/script"), environment: environment)
        #expect(terminal.status == 0, "\(terminal.stdout)\(terminal.stderr)")
        #expect(terminal.stdout.contains("schema operation 1 ["), "\(terminal.stdout)")
        #expect(terminal.stdout.contains("\r\u{1B}[2K"), "the bar is redrawn in place")
        #expect(terminal.stdout.contains("100% "), "\(terminal.stdout)")
        #expect(terminal.stdout.contains("(done)"))

        let piped = try await RatchetProcess.runAsync(["upgrade", "--database", database], in: dir.url, environment: environment)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stderr.contains("schema operation 1: 2 statements (1 revision)"), "\(piped.stderr)")
        #expect(!piped.stderr.contains("\u{1B}"), "no escape codes when standard error is not a terminal")
        #expect(piped.stderr.contains("  done: 2 statements in "))
    }

    @Test("Ctrl-C during a schema operation: nothing is cancelled, the lock and session are released, exit 130; the rerun settles the operation and finishes")
    func interrupt() async throws {
        let dir = try project(revisions: 3)
        // Operations that take about five seconds, so that the interrupt lands while one runs;
        // the version tables exist already, so the first operation is the user's.
        let server = try SpannerTestServer(envelope: .production, pollsToComplete: 10)
        let url = try await server.start()
        defer { Task { await server.stop() } }
        let name = "projects/p/instances/i/databases/d"
        try await server.createDatabase(name, ddl: VersionTables(prefix: "ratchet_").createStatements)
        let database = "spanner://projects/p/instances/i/databases/d?emulator=127.0.0.1:\(url.port!)"
        let process = Process()
        process.executableURL = RatchetProcess.executable
        process.arguments = ["upgrade", "--database", database]
        process.currentDirectoryURL = dir.url
        let errFile = dir.url.appendingPathComponent("stderr.txt")
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errFile)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait until the user's schema operation has been sent (the version tables come first).
        var sent = false
        for _ in 0..<200 where !sent {
            try await Task.sleep(nanoseconds: 100_000_000)
            sent = ((try? String(contentsOf: errFile, encoding: .utf8)) ?? "").contains("schema operation 1")
        }
        #expect(sent)
        try await Task.sleep(nanoseconds: 500_000_000)
        process.interrupt()
        let status: Int32 = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }
        }
        let stderr = try String(contentsOf: errFile, encoding: .utf8)
        #expect(status == 130, "\(stderr)")
        #expect(stderr.contains("Nothing was cancelled"), "\(stderr)")
        #expect(await server.rows(of: "ratchet_lock", in: name).isEmpty, "the lock was released")
        let counters = await server.counters()
        #expect(counters.requests["spanner.projects.instances.databases.sessions.delete", default: 0] >= 1, "the session was deleted")
        #expect(counters.requests["spanner.projects.instances.databases.operations.cancel", default: 0] == 0)
        #expect(counters.schemaOperations == 1)
        let history = await server.rows(of: "ratchet_history", in: name)
        #expect(history.contains { $0["State"] == "applying" }, "the batch in flight is recorded as applying")

        let rerun = try await RatchetProcess.runAsync(["upgrade", "--database", database], in: dir.url)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("settling"), "\(rerun.stderr)")
        #expect(await server.counters().schemaOperations == 1, "the interrupted operation was settled, not sent again")
        let applied = await server.rows(of: "ratchet_history", in: name).filter { $0["State"] == "applied" }.compactMap { $0["Revision"] }
        #expect(applied.count == 3 && Set(applied).count == 3, "\(applied)")
    }

    @Test("on the emulator, commits during a schema change are aborted: a second run waiting for the lock retries through them")
    func emulatorAbortsDuringDDL() async throws {
        let dir = try project(revisions: 3)
        let (server, database) = try await server()
        defer { Task { await server.stop() } }
        let name = "projects/p/instances/i/databases/d"
        // The version tables first, without the hold, so that only the user's change is slow.
        #expect(try await RatchetProcess.runAsync(["stamp", "base", "--database", database], in: dir.url).status == 0)
        await server.setEmulatorSchemaChangeSeconds(3)
        let url = dir.url
        let results = try await withThrowingTaskGroup(of: RatchetProcess.Result.self) { group in
            group.addTask { try await RatchetProcess.runAsync(["upgrade", "--database", database, "--lock-timeout", "60"], in: url) }
            group.addTask {
                // Starts while the first run's schema change holds the database.
                try await Task.sleep(nanoseconds: 1_500_000_000)
                return try await RatchetProcess.runAsync(["upgrade", "--database", database, "--lock-timeout", "60"], in: url)
            }
            var all: [RatchetProcess.Result] = []
            for try await result in group { all.append(result) }
            return all
        }
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        #expect(results.filter { $0.stdout.contains("Applied") }.count == 1)
        #expect(results.contains { $0.stdout.contains("Nothing to do") })
        let counters = await server.counters()
        #expect(counters.requests["aborted during a schema change", default: 0] >= 1, "the second run's lock transaction met the schema change")
        let applied = await server.rows(of: "ratchet_history", in: name).filter { $0["State"] == "applied" }.compactMap { $0["Revision"] }
        #expect(applied.count == 3 && Set(applied).count == 3, "\(applied)")
    }

    @Test("the plan cache keeps live runs with per-statement timings and operation names, and the reflected schema for --offline autogenerate")
    func cacheOfLiveRuns() async throws {
        let dir = try project(revisions: 3)
        let server = try SpannerTestServer(envelope: .production, pollsToComplete: 1)
        let url = try await server.start()
        defer { Task { await server.stop() } }
        try await server.createDatabase("projects/p/instances/i/databases/d")
        let database = "spanner://projects/p/instances/i/databases/d?emulator=127.0.0.1:\(url.port!)"
        #expect(try await RatchetProcess.runAsync(["upgrade", "--database", database], in: dir.url).status == 0)
        let list = try await RatchetProcess.runAsync(["plans", "list", "--kind", "upgrade", "--format", "json"], in: dir.url)
        let id = try #require(list.stdout.split(separator: "\"id\":").dropFirst().first.map { String($0.prefix { $0.isNumber }) })
        let exported = try await RatchetProcess.runAsync(["plans", "export", id], in: dir.url)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.contains("\"statementSeconds\""), "\(exported.stdout)")
        #expect(exported.stdout.contains("/operations/ratchet_"), "the operation name is kept")
        #expect(exported.stdout.contains("\"succeeded\""), "\(exported.stdout)")
        let page = dir.url.appendingPathComponent("review.html").path
        #expect(try await RatchetProcess.runAsync(["review", id, "--html", page], in: dir.url).status == 0)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<th>Slowest statements</th>"))
        #expect(html.contains(" s <code>CREATE TABLE T"), "statements ranked by their time")

        // Offline now: the cached snapshot of the live schema stands in for the database.
        try dir.write("schema.sql", String(contentsOf: dir.url.appendingPathComponent("schema.sql"), encoding: .utf8) + "CREATE TABLE Late (Id INT64 NOT NULL) PRIMARY KEY (Id);\n")
        await server.stop()
        let offline = try await RatchetProcess.runAsync(["revision", "--autogenerate", "--offline", "-m", "late", "--database", database], in: dir.url)
        #expect(offline.status == 0, "\(offline.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.url.appendingPathComponent("versions").path)
        let late = try String(contentsOf: dir.url.appendingPathComponent("versions/\(try #require(files.first { $0.hasSuffix("_late.sql") }))"), encoding: .utf8)
        #expect(late.contains("CREATE TABLE Late"))
        #expect(!late.contains("CREATE TABLE T1"), "the snapshot has the tables the upgrade made")
    }

    @Test("ALTER DATABASE goes to the database the run is against, whatever name the revision gives; its options are no drift")
    func databaseOptions() async throws {
        let dir = try TemporaryDirectory()
        #expect(try RatchetProcess.run(["init", dir.url.path]).status == 0)
        try dir.write(
            "schema.sql",
            """
            ALTER DATABASE production_name SET OPTIONS (version_retention_period = '7d');
            CREATE TABLE T (Id INT64 NOT NULL) PRIMARY KEY (Id);

            """)
        #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "options"], in: dir.url).status == 0)
        let (server, database) = try await server()
        defer { Task { await server.stop() } }
        let preview = try await RatchetProcess.runAsync(["upgrade", "base:head", "--sql", "--database", database], in: dir.url)
        #expect(preview.stdout.contains("ALTER DATABASE d SET OPTIONS (version_retention_period = '7d');"), "\(preview.stdout)\(preview.stderr)")
        let up = try await RatchetProcess.runAsync(["upgrade", "--database", database], in: dir.url)
        #expect(up.status == 0, "\(up.stderr)")
        let ddl = await server.ddl(of: "projects/p/instances/i/databases/d") ?? []
        #expect(ddl.contains { $0.contains("version_retention_period = '7d'") }, "\(ddl)")
        let check = try await RatchetProcess.runAsync(["check", "--database", database], in: dir.url)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let same = try await RatchetProcess.runAsync(["diff", "database", "declared", "--database", database, "--exit-code"], in: dir.url)
        #expect(same.status == 2, "\(same.stdout)\(same.stderr)")
        let dump = try await RatchetProcess.runAsync(["schema", "dump", "database", "--database", database], in: dir.url)
        #expect(dump.stdout.contains("SET OPTIONS (version_retention_period = '7d')"), "\(dump.stdout)")
    }

    @Test("a lock held by a run elsewhere is reported with its owner and age, and nothing is sent")
    func heldLock() async throws {
        let dir = try project(revisions: 2)
        let server = try SpannerTestServer(envelope: .emulator)
        let url = try await server.start()
        defer { Task { await server.stop() } }
        let name = "projects/p/instances/i/databases/d"
        try await server.createDatabase(name, ddl: VersionTables(prefix: "ratchet_").createStatements)
        let database = "spanner://projects/p/instances/i/databases/d?emulator=127.0.0.1:\(url.port!)"
        // Another machine's run took the lock five minutes ago.
        let other = LiveDatabase(
            client: SpannerClient(baseURL: url, credentials: NoAuthentication()), path: DatabasePath(project: "p", instance: "i", database: "d"),
            tables: VersionTables(prefix: "ratchet_"))
        #expect(try await other.acquireLock(owner: "deployer@ci-runner-7 pid 4242", lease: 3600, now: Date().addingTimeInterval(-300)) == nil)
        await other.close()
        let blocked = try await RatchetProcess.runAsync(["upgrade", "--database", database], in: dir.url)
        #expect(blocked.status == 65)
        #expect(blocked.stderr.contains("deployer@ci-runner-7 pid 4242, for 5 min since"), "\(blocked.stderr)")
        #expect(await server.counters().schemaOperations == 0, "nothing was sent")
    }
}

/// Edited applied revisions on a live database.
@Suite("Live upgrade: edited applied revisions", .serialized)
struct LiveEditedRevisionTests {
    @Test("an edited applied revision stops the run, naming the file and both checksums; --allow-edited accepts it")
    func editedRevision() async throws {
        let dir = try LiveCommandTests().project(revisions: 2)
        let (server, database) = try await LiveCommandTests().server()
        defer { Task { await server.stop() } }
        #expect(try await RatchetProcess.runAsync(["upgrade", "--database", database], in: dir.url).status == 0)
        // Edit the first revision's upgrade: a column it never had.
        let versions = dir.url.appendingPathComponent("versions")
        let first = try FileManager.default.contentsOfDirectory(atPath: versions.path).filter { $0.hasSuffix(".sql") }.sorted()[0]
        let path = versions.appendingPathComponent(first).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "Id INT64 NOT NULL,\n", with: "Id INT64 NOT NULL,\n  Extra INT64,\n")
        #expect(edited != text, "the test edits the revision")
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        let refused = try await RatchetProcess.runAsync(["upgrade", "--database", database], in: dir.url)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("\(first): error: revision"), "\(refused.stderr)")
        #expect(refused.stderr.contains("was edited after it was applied"))
        #expect(refused.stderr.contains("applied checksum:") && refused.stderr.contains("file checksum:"))
        #expect(!refused.stderr.contains("drift"), "the edit is named before any drift check")
        let accepted = try await RatchetProcess.runAsync(["upgrade", "--database", database, "--allow-edited", "--ignore-drift"], in: dir.url)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stderr.contains("accepted with --allow-edited"))
    }
}

/// Another endpoint for every API call.
@Suite("Live: RATCHET_SPANNER_ENDPOINT", .serialized)
struct LiveEndpointTests {
    @Test("RATCHET_SPANNER_ENDPOINT sends every call to the given endpoint (a production-style server here)")
    func endpoint() async throws {
        let dir = try LiveCommandTests().project(revisions: 2)
        let server = try SpannerTestServer(envelope: .production, pollsToComplete: 1)
        let url = try await server.start()
        defer { Task { await server.stop() } }
        try await server.createDatabase("projects/p/instances/i/databases/d")
        var environment = ProcessInfo.processInfo.environment
        environment["SPANNER_EMULATOR_HOST"] = nil
        environment["RATCHET_ACCESS_TOKEN"] = "test-token"
        environment["RATCHET_SPANNER_ENDPOINT"] = "http://127.0.0.1:\(url.port!)"
        let up = try await RatchetProcess.runAsync(["upgrade", "--database", "spanner://projects/p/instances/i/databases/d"], in: dir.url, environment: environment)
        #expect(up.status == 0, "\(up.stderr)")
        #expect(await server.counters().schemaOperations >= 1)
        environment["RATCHET_SPANNER_ENDPOINT"] = "not a url"
        let bad = try await RatchetProcess.runAsync(["current", "--database", "spanner://projects/p/instances/i/databases/d"], in: dir.url, environment: environment)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("RATCHET_SPANNER_ENDPOINT"), "\(bad.stderr)")
    }
}

/// A database of the other dialect than the project's is refused before anything is sent,
/// whatever the command: here a GoogleSQL project against a PostgreSQL-dialect database.
@Suite("A database of the other dialect is refused")
struct DialectRefusalTests {
    @Test("upgrade, current and schema dump name the dialect; no schema change is sent", arguments: [["upgrade"], ["current"], ["schema", "dump", "database"]])
    func refused(_ command: [String]) async throws {
        let dir = try LiveCommandTests().project(revisions: 2)
        let server = try SpannerTestServer(envelope: .production)
        let url = try await server.start()
        defer { Task { await server.stop() } }
        try await server.createPostgreSQLDatabase("projects/p/instances/i/databases/pg")
        let database = "spanner://projects/p/instances/i/databases/pg?emulator=127.0.0.1:\(url.port ?? 0)"
        let result = try await RatchetProcess.runAsync(command + ["--database", database], in: dir.url)
        #expect(result.status == 65)
        #expect(result.stderr.contains("is a PostgreSQL-dialect database"), "\(result.stderr)")
        #expect(await server.counters().schemaOperations == 0)
    }
}
