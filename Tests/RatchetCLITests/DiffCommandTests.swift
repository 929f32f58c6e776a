import Foundation
import Testing

@Suite("ratchet diff (end to end)")
struct DiffCommandTests {
    static let before = """
        CREATE TABLE Singers (SingerId INT64 NOT NULL, Name STRING(100), Bio STRING(MAX)) PRIMARY KEY (SingerId);
        CREATE INDEX SingersByName ON Singers (Name) STORING (Bio);
        """
    static let after = """
        CREATE INDEX SingersByName ON Singers (Name);
        CREATE TABLE Singers (SingerId INT64 NOT NULL, Name STRING(MAX)) PRIMARY KEY (SingerId);
        """

    func project() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        try dir.write("a.sql", Self.before)
        try dir.write("b.sql", Self.after)
        return dir
    }

    @Test("a destructive plan needs --allow-destructive: exit 3, and the message names the change and the flag")
    func needsFlag() throws {
        let dir = try project()
        let result = try RatchetProcess.run(["diff", "a.sql", "b.sql"], in: dir.url)
        #expect(result.status == 3)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("dropping column Singers.Bio deletes its data; rerun with --allow-destructive"))
    }

    @Test("--format json: statements with sql, batch, cost and reason, and warnings")
    func json() throws {
        let dir = try project()
        let result = try RatchetProcess.run(["diff", "a.sql", "b.sql", "--allow-destructive", "--format", "json"], in: dir.url)
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let statements = try #require(object?["statements"] as? [[String: Any]])
        // Name is an index key and only widens: Spanner changes it in place, index and all.
        #expect(
            statements.map { $0["sql"] as? String } == [
                "ALTER INDEX SingersByName DROP STORED COLUMN Bio", "ALTER TABLE Singers DROP COLUMN Bio", "ALTER TABLE Singers ALTER COLUMN Name STRING(MAX)",
            ])
        #expect(statements.map { $0["cost"] as? String } == ["instant", "destructive", "instant"])
        #expect(statements.allSatisfy { $0["batch"] as? Int == 1 && ($0["reason"] as? String)?.isEmpty == false })
        #expect(object?["warnings"] as? [String] == [])
    }

    @Test("--format sql is runnable DDL with batch and cost comments; DESTRUCTIVE is marked")
    func sql() throws {
        let dir = try project()
        let result = try RatchetProcess.run(["diff", "a.sql", "b.sql", "--allow-destructive", "--format", "sql"], in: dir.url)
        #expect(result.status == 0)
        #expect(result.stdout.contains("-- Batch 1 of 1"))
        #expect(result.stdout.contains("-- [DESTRUCTIVE] column Singers.Bio"))
        // The output parses back as DDL.
        try dir.write("plan.sql", result.stdout)
        #expect(try RatchetProcess.run(["format", "plan.sql"], in: dir.url).status == 0)
    }

    @Test("--format text marks destructive steps")
    func text() throws {
        let dir = try project()
        let result = try RatchetProcess.run(["diff", "a.sql", "b.sql", "--allow-destructive"], in: dir.url)
        #expect(result.stdout.contains("[!! DESTRUCTIVE] ALTER TABLE Singers DROP COLUMN Bio"))
        #expect(result.stdout.hasPrefix("3 statements in 1 batch, 1 DESTRUCTIVE"))
    }

    @Test("--exit-code: 2 when equivalent, 0 when there is a plan")
    func exitCode() throws {
        let dir = try project()
        try dir.write("a-shuffled.sql", "create index SingersByName on Singers (Name) storing (Bio);\n" + Self.before.split(separator: "\n")[0])
        let same = try RatchetProcess.run(["diff", "a.sql", "a-shuffled.sql", "--exit-code"], in: dir.url)
        #expect(same.status == 2)
        #expect(same.stdout.contains("No changes"))
        let different = try RatchetProcess.run(["diff", "a.sql", "b.sql", "--exit-code", "--allow-destructive"], in: dir.url)
        #expect(different.status == 0)
    }

    @Test("a schema Spanner would reject is an input error that points at the statement")
    func invalidSchema() throws {
        let dir = try project()
        try dir.write("bad.sql", "CREATE TABLE A (Id INT64) PRIMARY KEY (Id);\nCREATE INDEX I ON A (Missing);\n")
        let result = try RatchetProcess.run(["diff", "a.sql", "bad.sql"], in: dir.url)
        #expect(result.status == 65)
        #expect(result.stderr.contains("bad.sql:2:1: error: index I: table A has no column Missing"))
    }

    @Test(
        "an error in a table with a foreign key names that table's line (its keys are applied apart from it)",
        arguments: [
            // The table itself is wrong.
            ("CREATE TABLE A (Id INT64) PRIMARY KEY (Id);\n\nCREATE TABLE B (Id INT64, AId INT64, CONSTRAINT FK_A FOREIGN KEY (AId) REFERENCES A (Id), CONSTRAINT C CHECK (Nope > 0)) PRIMARY KEY (Id);\n", "bad.sql:3:1: error:"),
            // Its foreign key is wrong.
            ("CREATE TABLE A (Id INT64) PRIMARY KEY (Id);\nCREATE TABLE B (Id INT64, AId STRING(MAX), CONSTRAINT FK_A FOREIGN KEY (AId) REFERENCES A (Id)) PRIMARY KEY (Id);\n", "bad.sql:2:1: error:"),
        ])
    func foreignKeyTableLocation(_ text: String, _ location: String) throws {
        let dir = try project()
        try dir.write("bad.sql", text)
        let result = try RatchetProcess.run(["diff", "a.sql", "bad.sql"], in: dir.url)
        #expect(result.status == 65)
        #expect(result.stderr.contains(location), "\(result.stderr)")
    }
}
