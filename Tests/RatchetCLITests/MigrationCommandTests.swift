import Foundation
import Testing

/// End to end: the built `ratchet` binary on temporary projects.
@Suite("Migration commands")
struct MigrationCommandTests {
    /// A project made by `ratchet init`, with the schema given.
    func project(schema: String) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let result = try RatchetProcess.run(["init", directory.url.path])
        #expect(result.status == 0, "\(result.stderr)")
        try directory.write("schema.sql", schema)
        return directory
    }

    func ratchet(_ arguments: [String], in directory: TemporaryDirectory) throws -> RatchetProcess.Result {
        try RatchetProcess.run(arguments, in: directory.url)
    }

    func revisionFiles(_ directory: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.url.appendingPathComponent("versions").path).sorted()
    }

    static let singers = "CREATE TABLE Singers (SingerId INT64 NOT NULL, Name STRING(100)) PRIMARY KEY (SingerId);\n"

    @Test("init, autogenerate, upgrade, check: the whole loop, then a second revision and a downgrade")
    func wholeLoop() throws {
        let dir = try project(schema: Self.singers)
        var result = try ratchet(["revision", "--autogenerate", "-m", "create singers"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try revisionFiles(dir).count == 1)
        result = try ratchet(["check"], in: dir)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        result = try ratchet(["upgrade", "head"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Upgraded the local sandbox"))

        // Nothing changed: autogenerate writes nothing.
        result = try ratchet(["revision", "--autogenerate", "-m", "nothing"], in: dir)
        #expect(result.status == 0)
        #expect(result.stdout.contains("No changes"))
        #expect(try revisionFiles(dir).count == 1)

        // The declared schema grows: check fails until a revision is made.
        try dir.write("schema.sql", Self.singers + "CREATE TABLE Albums (SingerId INT64 NOT NULL, AlbumId INT64 NOT NULL) PRIMARY KEY (SingerId, AlbumId), INTERLEAVE IN PARENT Singers ON DELETE CASCADE;\nCREATE INDEX AlbumsById ON Albums(AlbumId);\n")
        result = try ratchet(["check"], in: dir)
        #expect(result.status == 1)
        #expect(result.stdout.contains("CREATE TABLE Albums"))
        result = try ratchet(["revision", "--autogenerate", "-m", "add albums"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let files = try revisionFiles(dir)
        let secondFile = try #require(files.first { $0.hasSuffix("_add_albums.sql") })
        let second = try String(contentsOf: dir.url.appendingPathComponent("versions/\(secondFile)"), encoding: .utf8)
        #expect(second.contains("-- +downgrade"))
        #expect(second.contains("DROP TABLE Albums"))
        #expect(second.contains("ratchet:data-loss"), "dropping the table in the downgrade is marked")
        result = try ratchet(["upgrade"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        result = try ratchet(["current"], in: dir)
        #expect(result.stdout.contains("(head)"))

        // Downgrading drops a table: refused without the flag, and nothing changes.
        result = try ratchet(["downgrade", "-1"], in: dir)
        #expect(result.status == 3)
        #expect(result.stderr.contains("--allow-destructive"))
        result = try ratchet(["downgrade", "-1", "--allow-destructive"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        result = try ratchet(["current"], in: dir)
        #expect(!result.stdout.contains("(head)"))
        #expect(result.stdout.contains("1 revision not applied"))
    }

    @Test("--sql prints every batch with revisions, costs and version-table statements, and touches nothing")
    func offlineSQL() throws {
        let dir = try project(schema: Self.singers + "CREATE INDEX SingersByName ON Singers(Name);\n")
        _ = try ratchet(["revision", "--autogenerate", "-m", "first"], in: dir)
        let result = try ratchet(["upgrade", "head", "--sql"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("-- Batch 1 of 1"))
        #expect(result.stdout.contains("CREATE TABLE IF NOT EXISTS ratchet_history"))
        #expect(result.stdout.contains("INSERT INTO ratchet_heads"))
        #expect(result.stdout.contains("no backfill"), "an index created with its table is free")
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent(".ratchet/sandbox.sqlite").path))
    }

    @Test("a drop marked -- ratchet:data-loss in its revision upgrades without the flag; an unmarked one is refused at its file:line")
    func acknowledgedDataLoss() throws {
        let dir = try project(schema: Self.singers)
        _ = try ratchet(["revision", "--autogenerate", "-m", "first"], in: dir)
        _ = try ratchet(["upgrade"], in: dir)
        // An unmarked drop, written by hand.
        _ = try ratchet(["revision", "-m", "drop"], in: dir)
        let file = try revisionFiles(dir).first { $0.hasSuffix("_drop.sql") }!
        let path = dir.url.appendingPathComponent("versions/\(file)")
        let text = try String(contentsOf: path, encoding: .utf8)
        try text.replacingOccurrences(of: "-- +upgrade\n", with: "-- +upgrade\nDROP TABLE Singers;\n").write(to: path, atomically: true, encoding: .utf8)
        let refused = try ratchet(["upgrade"], in: dir)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("\(file):7:1: error: this upgrade loses data in 1 statement not marked"), "\(refused.stderr)")
        // The mark, where code review sees it, is the acknowledgement.
        try text.replacingOccurrences(of: "-- +upgrade\n", with: "-- +upgrade\n-- ratchet:data-loss Singers is retired; its rows were archived\nDROP TABLE Singers;\n").write(to: path, atomically: true, encoding: .utf8)
        let marked = try ratchet(["upgrade"], in: dir)
        #expect(marked.status == 0, "\(marked.stderr)")
    }

    @Test("an invalid statement in a revision fails with file:line:col, the revision and the rule; the sandbox is unchanged")
    func invalidMigration() throws {
        let dir = try project(schema: Self.singers)
        _ = try ratchet(["revision", "--autogenerate", "-m", "first"], in: dir)
        _ = try ratchet(["upgrade"], in: dir)
        let result0 = try ratchet(["revision", "-m", "bad"], in: dir)
        #expect(result0.status == 0)
        let bad = try revisionFiles(dir).first { $0.hasSuffix("_bad.sql") }!
        let path = dir.url.appendingPathComponent("versions/\(bad)")
        var text = try String(contentsOf: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "-- +upgrade\n", with: "-- +upgrade\nALTER TABLE Singers ADD COLUMN Age INT64;\nALTER TABLE Singers DROP COLUMN SingerId;\n")
        try text.write(to: path, atomically: true, encoding: .utf8)
        let result = try ratchet(["upgrade", "--allow-destructive"], in: dir)
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(bad):8:1: error:"), "\(result.stderr)")
        #expect(result.stderr.contains("revision"))
        #expect(result.stderr.contains("key"), "the rule: a key column cannot be dropped")
        let current = try ratchet(["current"], in: dir)
        #expect(current.stdout.contains("1 revision not applied"), "\(current.stdout)")
    }

    @Test("an applied revision edited afterwards is an error showing both checksums, unless --allow-edited")
    func editedRevision() throws {
        let dir = try project(schema: Self.singers)
        _ = try ratchet(["revision", "--autogenerate", "-m", "first"], in: dir)
        _ = try ratchet(["upgrade"], in: dir)
        let file = dir.url.appendingPathComponent("versions/\(try revisionFiles(dir)[0])")
        let text = try String(contentsOf: file, encoding: .utf8)
        // Reformatting is not an edit.
        try text.replacingOccurrences(of: "CREATE TABLE", with: "create table").write(to: file, atomically: true, encoding: .utf8)
        #expect(try ratchet(["upgrade"], in: dir).status == 0)
        try text.replacingOccurrences(of: "STRING(100)", with: "STRING(200)").write(to: file, atomically: true, encoding: .utf8)
        let result = try ratchet(["upgrade"], in: dir)
        #expect(result.status == 65)
        #expect(result.stderr.contains("edited after it was applied"))
        #expect(result.stderr.contains("applied checksum:"))
        #expect(result.stderr.contains("file checksum:"))
        // Accepted, the edit is a warning; what it changed makes the sandbox differ from its
        // revisions (drift), refused as on a live database until that is accepted too.
        let accepted = try ratchet(["upgrade", "--allow-edited"], in: dir)
        #expect(accepted.status == 65)
        #expect(accepted.stderr.contains("accepted with --allow-edited"), "\(accepted.stderr)")
        #expect(accepted.stderr.contains("drift"), "\(accepted.stderr)")
        #expect(try ratchet(["upgrade", "--allow-edited", "--ignore-drift"], in: dir).status == 0)
    }

    @Test("branches: two heads need a choice; merge joins them; history marks the shape")
    func branchesAndMerge() throws {
        let dir = try project(schema: Self.singers)
        _ = try ratchet(["revision", "-m", "root"], in: dir)
        let root = try ratchet(["heads"], in: dir).stdout.split(separator: " ")[2].trimmingCharacters(in: CharacterSet(charactersIn: ",\n"))
        _ = try ratchet(["revision", "-m", "left", "--head", root, "--branch-label", "left"], in: dir)
        _ = try ratchet(["revision", "-m", "right", "--head", root], in: dir)
        var result = try ratchet(["upgrade", "head"], in: dir)
        #expect(result.status == 65)
        #expect(result.stderr.contains("2 heads"))
        result = try ratchet(["revision", "-m", "more"], in: dir)
        #expect(result.status == 65)
        #expect(result.stderr.contains("--head"))
        #expect(try ratchet(["upgrade", "left@head"], in: dir).status == 0)
        #expect(try ratchet(["merge", "-m", "join"], in: dir).status == 0)
        result = try ratchet(["history"], in: dir)
        #expect(result.stdout.contains("(mergepoint)"))
        #expect(result.stdout.contains("(branchpoint)"))
        #expect(try ratchet(["upgrade", "head"], in: dir).status == 0)
        result = try ratchet(["branches"], in: dir)
        #expect(result.stdout.contains("label left"))
    }

    @Test(
        "bad input is a clear error and nothing is written",
        arguments: [
            ("unknown-parent", "names an unknown parent"),
            ("cycle", "cycle"),
            ("missing-dir", "migrations directory does not exist"),
            ("bad-config", "ratchet.toml:2: error: unknown setting 'databse'"),
        ])
    func badInput(_ kind: String, _ message: String) throws {
        let dir = try project(schema: Self.singers)
        switch kind {
        case "unknown-parent":
            try dir.write("versions/1_a.sql", "-- ratchet:revision aaaa\n-- ratchet:parents bbbb\n\n-- +upgrade\n")
        case "cycle":
            try dir.write("versions/1_a.sql", "-- ratchet:revision aaaa\n-- ratchet:parents bbbb\n\n-- +upgrade\n")
            try dir.write("versions/2_b.sql", "-- ratchet:revision bbbb\n-- ratchet:parents aaaa\n\n-- +upgrade\n")
        case "missing-dir":
            try FileManager.default.removeItem(at: dir.url.appendingPathComponent("versions"))
        default:
            try dir.write("ratchet.toml", "migrations = \"versions\"\ndatabse = \"local\"\n")
        }
        let result = try ratchet(["upgrade"], in: dir)
        #expect(result.status == 65)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent(".ratchet/sandbox.sqlite").path))
    }

    @Test("init refuses to overwrite; a read-only migrations directory is an error with nothing half-written")
    func refusals() throws {
        let dir = try project(schema: Self.singers)
        let again = try RatchetProcess.run(["init", dir.url.path])
        #expect(again.status == 65)
        #expect(again.stderr.contains("already exists"))
        let versions = dir.url.appendingPathComponent("versions")
        if getuid() == 0 {
            // Root ignores permissions (and CI runs as root): the migrations directory becomes
            // one of /proc's, where nobody can create a file.
            try FileManager.default.removeItem(at: versions)
            try FileManager.default.createSymbolicLink(at: versions, withDestinationURL: URL(fileURLWithPath: "/proc/self/fdinfo"))
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: versions.path)
        }
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: versions.path) }
        let result = try ratchet(["revision", "-m", "x"], in: dir)
        #expect(result.status == 65)
        #expect(result.stderr.contains("not writable") || result.stderr.contains("cannot"), "\(result.stderr)")
        #expect(try revisionFiles(dir).filter { $0.hasSuffix(".sql") }.isEmpty)
    }

    @Test("the worked example: seven revisions with a branch and a merge replay to its schema.sql")
    func workedExample() throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let config = root.appendingPathComponent("migrations/ratchet.toml").path
        let check = try RatchetProcess.run(["check", "--config", config])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let history = try RatchetProcess.run(["history", "--config", config])
        #expect(history.stdout.split(separator: "\n").count >= 6)
        #expect(history.stdout.contains("(mergepoint)"))
        #expect(history.stdout.contains("(branchpoint)"))
        let sql = try RatchetProcess.run(["upgrade", "base:head", "--sql", "--config", config])
        #expect(sql.status == 0, "\(sql.stderr)")
        #expect(sql.stdout.contains("-- ratchet:partitioned-dml"))
    }
}

@Suite("Stamp, show and history ranges")
struct StampAndShowTests {
    @Test("stamp records without running; show prints the file; history -r limits the range")
    func stampShowHistory() throws {
        let dir = try TemporaryDirectory()
        #expect(try RatchetProcess.run(["init", dir.url.path]).status == 0)
        for message in ["one", "two", "three"] {
            #expect(try RatchetProcess.run(["revision", "-m", message], in: dir.url).status == 0)
        }
        let history = try RatchetProcess.run(["history"], in: dir.url).stdout.split(separator: "\n")
        #expect(history.count == 3)
        #expect(history[0].hasSuffix("three"))
        let second = String(history[1].split(separator: " ")[2].dropLast())
        let stamp = try RatchetProcess.run(["stamp", second], in: dir.url)
        #expect(stamp.status == 0, "\(stamp.stderr)")
        let current = try RatchetProcess.run(["current"], in: dir.url)
        #expect(current.stdout.hasPrefix(second))
        #expect(current.stdout.contains("1 revision not applied"))
        let ranged = try RatchetProcess.run(["history", "-r", "\(second):head"], in: dir.url)
        let rangedLines = ranged.stdout.split(separator: "\n")
        #expect(rangedLines.filter { $0.contains(" -> ") }.count == 2, "\(ranged.stdout)")
        #expect(rangedLines.last?.hasPrefix("    stamped at 20") == true, "the sandbox's record of the stamped revision: \(ranged.stdout)")
        let show = try RatchetProcess.run(["show", String(second.prefix(6))], in: dir.url)
        #expect(show.status == 0)
        #expect(show.stdout.contains("-- ratchet:message two"))
        let upgrade = try RatchetProcess.run(["upgrade", "+1"], in: dir.url)
        #expect(upgrade.status == 0, "\(upgrade.stderr)")
        #expect(try RatchetProcess.run(["current"], in: dir.url).stdout.contains("(head)"))
    }
}

@Suite("JSON listings")
struct ListingJSONTests {
    @Test("current, heads and history --format json parse, and say what the text says")
    func listings() throws {
        let dir = try TemporaryDirectory()
        #expect(try RatchetProcess.run(["init", dir.url.path]).status == 0)
        for message in ["one", "two", "three"] {
            #expect(try RatchetProcess.run(["revision", "-m", message], in: dir.url).status == 0)
        }
        #expect(try RatchetProcess.run(["upgrade", "+2"], in: dir.url).status == 0)

        let current = try RatchetProcess.run(["current", "--format", "json"], in: dir.url)
        let state = try #require(try JSONSerialization.jsonObject(with: Data(current.stdout.utf8)) as? [String: Any])
        #expect(state["database"] as? String == "local")
        #expect((state["applied"] as? [String])?.count == 2)
        #expect((state["pending"] as? [String])?.count == 1)
        #expect(state["atHead"] as? Bool == false)

        let heads = try RatchetProcess.run(["heads", "--format", "json"], in: dir.url)
        let headList = try #require((try JSONSerialization.jsonObject(with: Data(heads.stdout.utf8)) as? [String: Any])?["heads"] as? [[String: Any]])
        #expect(headList.count == 1)
        #expect(headList.first?["message"] as? String == "three")
        #expect((state["pending"] as? [String])?.first == headList.first?["revision"] as? String)

        let history = try RatchetProcess.run(["history", "--format", "json"], in: dir.url)
        let revisions = try #require((try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [String: Any])?["revisions"] as? [[String: Any]])
        #expect(revisions.map { $0["message"] as? String } == ["three", "two", "one"])
        #expect(revisions[0]["database"] == nil, "not applied: nothing recorded")
        let applied = try #require(revisions[1]["database"] as? [String: Any])
        #expect(applied["state"] as? String == "applied")
        #expect(applied["direction"] as? String == "upgrade")
        #expect(applied["who"] as? String != nil)
    }
}

@Suite("Autogenerate with a NOT NULL backfill")
struct AutogenerateBackfillTests {
    @Test("revision --autogenerate --backfill-not-null writes the partitioned-DML UPDATE before NOT NULL, and the run reports the DML")
    func backfillRevision() throws {
        let dir = try TemporaryDirectory()
        #expect(try RatchetProcess.run(["init", dir.url.path]).status == 0)
        try dir.write("schema.sql", "CREATE TABLE T (Id INT64 NOT NULL, Name STRING(MAX)) PRIMARY KEY (Id);\n")
        #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "t"], in: dir.url).status == 0)
        try dir.write("schema.sql", "CREATE TABLE T (Id INT64 NOT NULL, Name STRING(MAX) NOT NULL) PRIMARY KEY (Id);\n")
        let refused = try RatchetProcess.run(["revision", "--backfill-not-null", "''", "-m", "x"], in: dir.url)
        #expect(refused.status == 64, "the flag needs --autogenerate")
        let made = try RatchetProcess.run(["revision", "--autogenerate", "--backfill-not-null", "'unnamed'", "-m", "name required"], in: dir.url)
        #expect(made.status == 0, "\(made.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.url.appendingPathComponent("versions").path)
        let text = try dir.read("versions/" + (try #require(files.first { $0.hasSuffix("_name_required.sql") })))
        let update = try #require(text.range(of: "UPDATE T SET Name = 'unnamed' WHERE Name IS NULL"))
        let marker = try #require(text.range(of: "-- ratchet:partitioned-dml"))
        let alter = try #require(text.range(of: "ALTER TABLE T ALTER COLUMN Name STRING(MAX) NOT NULL"))
        #expect(marker.lowerBound < update.lowerBound && update.lowerBound < alter.lowerBound, "\(text)")
        let up = try RatchetProcess.run(["upgrade"], in: dir.url)
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout.contains("DML skipped"), "the sandbox holds no rows: \(up.stdout)")
    }
}
