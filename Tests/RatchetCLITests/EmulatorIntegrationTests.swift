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
}
