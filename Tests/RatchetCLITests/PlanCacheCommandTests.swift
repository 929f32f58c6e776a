import Foundation
import Testing

@Suite("Plan cache commands")
struct PlanCacheCommandTests {
    func project() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        #expect(try RatchetProcess.run(["init", dir.url.path]).status == 0)
        try dir.write(
            "schema.sql",
            """
            CREATE TABLE Singers (SingerId INT64 NOT NULL, Name STRING(100), Bio STRING(MAX)) PRIMARY KEY (SingerId);
            CREATE TABLE Albums (SingerId INT64 NOT NULL, AlbumId INT64 NOT NULL) PRIMARY KEY (SingerId, AlbumId), INTERLEAVE IN PARENT Singers ON DELETE CASCADE;
            CREATE TABLE Venues (VenueId INT64 NOT NULL) PRIMARY KEY (VenueId);
            CREATE TABLE Concerts (ConcertId INT64 NOT NULL, VenueId INT64, CONSTRAINT FK_Venue FOREIGN KEY (VenueId) REFERENCES Venues (VenueId)) PRIMARY KEY (ConcertId);
            CREATE INDEX AlbumsById ON Albums(AlbumId);
            """)
        return dir
    }

    @Test("autogenerate, --sql and runs are recorded; list, show, diff, export; review writes a self-contained page")
    func recordAndReview() throws {
        let dir = try project()
        #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "first"], in: dir.url).status == 0)
        #expect(try RatchetProcess.run(["upgrade", "--sql"], in: dir.url).status == 0)
        #expect(try RatchetProcess.run(["upgrade"], in: dir.url).status == 0)
        // A second revision that drops a column, so the plan carries a warning and a destructive step.
        try dir.write("schema.sql", String(contentsOf: dir.url.appendingPathComponent("schema.sql"), encoding: .utf8).replacingOccurrences(of: ", Bio STRING(MAX)", with: ""))
        #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "drop bio", "--allow-destructive"], in: dir.url).status == 0)
        #expect(try RatchetProcess.run(["upgrade", "--allow-destructive"], in: dir.url).status == 0)

        let list = try RatchetProcess.run(["plans", "list"], in: dir.url)
        #expect(list.status == 0)
        #expect(list.stdout.split(separator: "\n").count == 5, "\(list.stdout)")
        let json = try RatchetProcess.run(["plans", "list", "--kind", "upgrade", "--format", "json"], in: dir.url)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 3)
        let lastRun = try #require(rows.first?["id"] as? Int)

        let show = try RatchetProcess.run(["plans", "show", "\(lastRun)", "--format", "json"], in: dir.url)
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect(plan["kind"] as? String == "upgrade")
        #expect(plan["mode"] as? String == "run")
        #expect((plan["run"] as? [String: Any])?["outcome"] as? String == "succeeded")
        let statements = try #require(plan["statements"] as? [[String: Any]])
        #expect(statements.first?["cost"] as? String == "destructive")
        #expect(try RatchetProcess.run(["plans", "show", "\(lastRun)", "--format", "sql"], in: dir.url).stdout.contains("DROP COLUMN Bio;"))

        #expect(try RatchetProcess.run(["plans", "diff", "2", "3"], in: dir.url).status == 0, "the --sql preview and the run of it are the same plan")
        #expect(try RatchetProcess.run(["plans", "diff", "3", "\(lastRun)"], in: dir.url).status == 1)
        let exported = dir.url.appendingPathComponent("plan.json")
        #expect(try RatchetProcess.run(["plans", "export", "2", "-o", exported.path], in: dir.url).status == 0)
        #expect(FileManager.default.fileExists(atPath: exported.path))

        // The first run: every table is new, with an interleave and a foreign key to draw.
        let page = dir.url.appendingPathComponent("review.html")
        let review = try RatchetProcess.run(["review", "3", "--html", page.path], in: dir.url)
        #expect(review.status == 0, "\(review.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("Batch 1 of 1"))
        #expect(html.contains("<svg"))
        #expect(html.contains("class=\"interleave\""))
        #expect(html.contains("class=\"foreign-key\""))
        #expect(html.contains("data-change=\"created\""))
        #expect(html.contains("badge backfill") || html.contains("badge instant"))
        #expect(!html.contains("<script"), "self-contained, no scripts")
        #expect(!html.contains("http://") || !html.contains("src=\"http"), "nothing loaded from the network")

        let destructivePage = dir.url.appendingPathComponent("drop.html")
        #expect(try RatchetProcess.run(["review", "\(lastRun)", "--html", destructivePage.path], in: dir.url).status == 0)
        let dropHTML = try String(contentsOf: destructivePage, encoding: .utf8)
        #expect(dropHTML.contains("<section class=\"warnings\">"))
        #expect(dropHTML.contains("badge destructive"))
        #expect(dropHTML.contains("<del>-   Bio STRING(MAX),</del>"))

        #expect(try RatchetProcess.run(["plans", "prune", "--older-than", "0s"], in: dir.url).stdout.contains("Pruned 5 plans"))
        #expect(try RatchetProcess.run(["plans", "show", "1"], in: dir.url).status == 65)
    }

    @Test("several ratchet processes record into one cache at once")
    func concurrentProcesses() async throws {
        let dir = try project()
        #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "first"], in: dir.url).status == 0)
        let url = dir.url
        try await withThrowingTaskGroup(of: Int32.self) { group in
            for _ in 0..<6 { group.addTask { try RatchetProcess.run(["upgrade", "--sql"], in: url).status } }
            for try await status in group { #expect(status == 0) }
        }
        let list = try RatchetProcess.run(["plans", "list", "--kind", "upgrade"], in: dir.url)
        #expect(list.stdout.split(separator: "\n").count == 6, "\(list.stdout)")
    }

    @Test("a corrupt cache never stops a migration: it is moved aside with a warning")
    func corruptCache() throws {
        let dir = try project()
        try FileManager.default.createDirectory(at: dir.url.appendingPathComponent(".ratchet"), withIntermediateDirectories: true)
        try dir.write(".ratchet/ratchet.sqlite", String(repeating: "not a database ", count: 300))
        #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "first"], in: dir.url).status == 0)
        let upgrade = try RatchetProcess.run(["upgrade"], in: dir.url)
        #expect(upgrade.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.url.appendingPathComponent(".ratchet").path)
        #expect(files.contains { $0.hasPrefix("ratchet.sqlite.corrupt-") })
        #expect(try RatchetProcess.run(["plans", "list"], in: dir.url).stdout.split(separator: "\n").count == 2)
    }

    @Test("revision --autogenerate --offline diffs against the newest cached snapshot, and needs one")
    func offlineAutogenerate() throws {
        let dir = try project()
        let none = try RatchetProcess.run(["revision", "--autogenerate", "--offline", "-m", "x"], in: dir.url)
        #expect(none.status == 65)
        #expect(none.stderr.contains("snapshot"))
        #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "first"], in: dir.url).status == 0)
        #expect(try RatchetProcess.run(["upgrade"], in: dir.url).status == 0)
        try dir.write("schema.sql", String(contentsOf: dir.url.appendingPathComponent("schema.sql"), encoding: .utf8) + "CREATE TABLE Extra (Id INT64 NOT NULL) PRIMARY KEY (Id);\n")
        let offline = try RatchetProcess.run(["revision", "--autogenerate", "--offline", "-m", "extra"], in: dir.url)
        #expect(offline.status == 0, "\(offline.stderr)")
        #expect(offline.stderr.contains("Using the snapshot"))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.url.appendingPathComponent("versions").path)
        let extra = try #require(files.first { $0.hasSuffix("_extra.sql") })
        let text = try String(contentsOf: dir.url.appendingPathComponent("versions/\(extra)"), encoding: .utf8)
        #expect(text.contains("CREATE TABLE Extra"))
        #expect(!text.contains("CREATE TABLE Singers"))
    }
}
