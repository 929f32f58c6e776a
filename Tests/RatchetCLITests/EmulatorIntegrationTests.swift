import Foundation
import Testing

/// Against a real Cloud Spanner emulator; runs only when `SPANNER_EMULATOR_HOST` is set (see
/// the README). Everything else in the suite uses the REST test server.
@Suite("Emulator integration", .enabled(if: ProcessInfo.processInfo.environment["SPANNER_EMULATOR_HOST"] != nil), .serialized)
struct EmulatorIntegrationTests {
    @Test("create, upgrade in one operation, current, downgrade to base, on the emulator")
    func roundTrip() async throws {
        let dir = try TemporaryDirectory()
        #expect(try RatchetProcess.run(["init", dir.url.path]).status == 0)
        try dir.write("schema.sql", "CREATE TABLE Singers (SingerId INT64 NOT NULL, Name STRING(100)) PRIMARY KEY (SingerId);\n")
        #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "singers"], in: dir.url).status == 0)
        try dir.write(
            "schema.sql",
            """
            CREATE TABLE Singers (SingerId INT64 NOT NULL, Name STRING(100)) PRIMARY KEY (SingerId);
            CREATE TABLE Albums (SingerId INT64 NOT NULL, AlbumId INT64 NOT NULL, Title STRING(MAX)) PRIMARY KEY (SingerId, AlbumId), INTERLEAVE IN PARENT Singers ON DELETE CASCADE;
            CREATE INDEX AlbumsByTitle ON Albums(Title);
            CREATE VIEW Titles SQL SECURITY INVOKER AS SELECT a.Title FROM Albums AS a;
            """)
        #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "albums"], in: dir.url).status == 0)
        let suffix = String(UUID().uuidString.prefix(8)).lowercased()
        let database = "spanner://projects/ratchet-test/instances/i\(suffix)/databases/d\(suffix)"
        let created = try RatchetProcess.run(["database", "create", "--database", database], in: dir.url)
        #expect(created.status == 0, "\(created.stderr)")
        let up = try RatchetProcess.run(["upgrade", "--database", database], in: dir.url)
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout.contains("in 1 schema operation"))
        let current = try RatchetProcess.run(["current", "--database", database], in: dir.url)
        #expect(current.stdout.contains("(head)"))
        let generated = try RatchetProcess.run(["revision", "--autogenerate", "--from-database", "-m", "nothing", "--database", database], in: dir.url)
        #expect(generated.stdout.contains("No changes"), "after an apply, the live schema diffs to nothing: \(generated.stdout)\(generated.stderr)")
        let down = try RatchetProcess.run(["downgrade", "base", "--allow-destructive", "--database", database], in: dir.url)
        #expect(down.status == 0, "\(down.stderr)")
    }

    @Test("a PostgreSQL-dialect database on the emulator: create, upgrade in one operation, check with no drift, autogenerate nothing, downgrade")
    func postgreSQL() async throws {
        let dir = try TemporaryDirectory()
        #expect(try RatchetProcess.run(["init", "--dialect", "postgresql", dir.url.path]).status == 0)
        try dir.write("schema.sql", "CREATE TABLE singers (singer_id bigint PRIMARY KEY, name varchar(100));\n")
        #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "singers"], in: dir.url).status == 0)
        try dir.write(
            "schema.sql",
            """
            CREATE TABLE singers (singer_id bigint PRIMARY KEY, name varchar(100), "Nickname" text, updated spanner.commit_timestamp);
            CREATE TABLE albums (
              singer_id bigint, album_id bigint, title text NOT NULL DEFAULT 'untitled', released timestamptz,
              PRIMARY KEY (singer_id, album_id)
            ) INTERLEAVE IN PARENT singers ON DELETE CASCADE TTL INTERVAL '30 days' ON released;
            CREATE INDEX albums_by_title ON albums (title DESC) INCLUDE (released);
            CREATE VIEW titles SQL SECURITY INVOKER AS SELECT a.title FROM albums AS a;
            CREATE SEQUENCE ids BIT_REVERSED_POSITIVE;
            """)
        #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "albums"], in: dir.url).status == 0)
        let suffix = String(UUID().uuidString.prefix(8)).lowercased()
        let database = "spanner://projects/ratchet-test/instances/i\(suffix)/databases/d\(suffix)"
        let created = try RatchetProcess.run(["database", "create", "--database", database], in: dir.url)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("PostgreSQL-dialect"))
        let up = try RatchetProcess.run(["upgrade", "--database", database], in: dir.url)
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout.contains("in 1 schema operation"))
        let check = try RatchetProcess.run(["check", "--database", database], in: dir.url)
        #expect(check.status == 0, "the emulator's PostgreSQL DDL reads back as what was applied: \(check.stdout)\(check.stderr)")
        let generated = try RatchetProcess.run(["revision", "--autogenerate", "--from-database", "-m", "nothing", "--database", database], in: dir.url)
        #expect(generated.stdout.contains("No changes"), "\(generated.stdout)\(generated.stderr)")
        let dump = try RatchetProcess.run(["schema", "dump", "database", "--database", database], in: dir.url)
        #expect(dump.stdout.contains("CREATE TABLE singers"), "\(dump.stdout)")
        let down = try RatchetProcess.run(["downgrade", "base", "--allow-destructive", "--database", database], in: dir.url)
        #expect(down.status == 0, "\(down.stderr)")
    }

    @Test("check, diff, dump, history and stamp against the emulator; roles, grants and database options are no drift")
    func inspection() async throws {
        let dir = try TemporaryDirectory()
        #expect(try RatchetProcess.run(["init", dir.url.path]).status == 0)
        try dir.write(
            "schema.sql",
            """
            ALTER DATABASE placeholder SET OPTIONS (version_retention_period = '2d');
            CREATE TABLE Singers (SingerId INT64 NOT NULL, Name STRING(100)) PRIMARY KEY (SingerId);
            CREATE ROLE reader;
            GRANT SELECT ON TABLE Singers TO ROLE reader;
            """)
        #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "singers"], in: dir.url).status == 0)
        let suffix = String(UUID().uuidString.prefix(8)).lowercased()
        let database = "spanner://projects/ratchet-test/instances/i\(suffix)/databases/d\(suffix)"
        #expect(try RatchetProcess.run(["database", "create", "--database", database], in: dir.url).status == 0)
        let up = try RatchetProcess.run(["upgrade", "--database", database], in: dir.url)
        #expect(up.status == 0, "\(up.stderr)")
        let check = try RatchetProcess.run(["check", "--database", database], in: dir.url)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let same = try RatchetProcess.run(["diff", "database", "declared", "--exit-code", "--database", database], in: dir.url)
        #expect(same.status == 2, "\(same.stdout)\(same.stderr)")
        let dump = try RatchetProcess.run(["schema", "dump", "database", "--database", database], in: dir.url)
        #expect(dump.stdout.contains("CREATE TABLE Singers"))
        #expect(!dump.stdout.contains("ratchet_"))
        let history = try RatchetProcess.run(["history", "--database", database], in: dir.url)
        #expect(history.stdout.contains("    applied at "), "\(history.stdout)\(history.stderr)")
        let stamp = try RatchetProcess.run(["stamp", "heads", "--database", database], in: dir.url)
        #expect(stamp.status == 0, "\(stamp.stderr)")
        let json = try RatchetProcess.run(["current", "--format", "json", "--database", database], in: dir.url)
        #expect(json.stdout.contains("\"atHead\":true"), "\(json.stdout)")
    }

    @Test("a fleet of three emulator databases found by a pattern: upgrade, current and check across it")
    func fleet() async throws {
        let dir = try TemporaryDirectory()
        #expect(try RatchetProcess.run(["init", dir.url.path]).status == 0)
        try dir.write("schema.sql", "CREATE TABLE Singers (SingerId INT64 NOT NULL, Name STRING(100)) PRIMARY KEY (SingerId);\n")
        #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "singers"], in: dir.url).status == 0)
        let suffix = String(UUID().uuidString.prefix(8)).lowercased()
        let instance = "spanner://projects/ratchet-test/instances/i\(suffix)"
        for index in 1...3 {
            let created = try RatchetProcess.run(["database", "create", "--database", "\(instance)/databases/tenant-\(index)"], in: dir.url)
            #expect(created.status == 0, "\(created.stderr)")
        }
        try dir.write("ratchet.toml", try dir.read("ratchet.toml") + "\n[fleet.tenants]\npattern = \"\(instance)/databases/tenant-*\"\n")
        let list = try RatchetProcess.run(["fleet", "list", "tenants"], in: dir.url)
        #expect(list.stdout.split(separator: "\n").count == 3, "\(list.stdout)\(list.stderr)")
        let up = try RatchetProcess.run(["upgrade", "--fleet", "tenants", "--parallel", "2"], in: dir.url)
        #expect(up.status == 0, "\(up.stdout)\(up.stderr)")
        #expect(up.stdout.contains("3 completed"), "\(up.stdout)")
        let current = try RatchetProcess.run(["current", "--fleet", "tenants"], in: dir.url)
        #expect(current.stdout.contains("Fleet tenants: 3 at "), "\(current.stdout)")
        #expect(try RatchetProcess.run(["check", "--fleet", "tenants"], in: dir.url).status == 0)
    }

    @Test("a NOT NULL over a NULL row written by an earlier revision is stopped by its pre-check, naming the row")
    func precheck() async throws {
        let dir = try TemporaryDirectory()
        #expect(try RatchetProcess.run(["init", dir.url.path]).status == 0)
        try dir.write("schema.sql", "CREATE TABLE Users (Id INT64 NOT NULL, Email STRING(200)) PRIMARY KEY (Id);\n")
        #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "users"], in: dir.url).status == 0)
        #expect(try RatchetProcess.run(["revision", "-m", "seed"], in: dir.url).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.url.appendingPathComponent("versions").path)
        let seed = "versions/" + (names.first { $0.hasSuffix("_seed.sql") } ?? "")
        try dir.write(
            seed,
            try dir.read(seed).replacingOccurrences(of: "-- +upgrade\n", with: "-- +upgrade\nINSERT INTO Users (Id, Email) VALUES (7, NULL);\n")
                .replacingOccurrences(of: "-- +downgrade\n", with: "-- +downgrade\nDELETE FROM Users WHERE Id = 7;\n"))
        try dir.write("schema.sql", "CREATE TABLE Users (Id INT64 NOT NULL, Email STRING(200) NOT NULL) PRIMARY KEY (Id);\n")
        #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "required"], in: dir.url).status == 0)
        let suffix = String(UUID().uuidString.prefix(8)).lowercased()
        let database = "spanner://projects/ratchet-test/instances/i\(suffix)/databases/d\(suffix)"
        #expect(try RatchetProcess.run(["database", "create", "--database", database], in: dir.url).status == 0)
        let seeded = try RatchetProcess.run(["upgrade", "+2", "--database", database], in: dir.url)
        #expect(seeded.status == 0, "\(seeded.stderr)")
        let refused = try RatchetProcess.run(["upgrade", "--database", database], in: dir.url)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("1 NULLs in Users.Email") && refused.stderr.contains("Id=7"), "\(refused.stderr)")
    }
}
