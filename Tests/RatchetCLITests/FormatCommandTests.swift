import Foundation
import Testing

@Suite("ratchet format (end to end)")
struct FormatCommandTests {
    static let messy = "create table Singers (SingerId int64 not null, Name string(max)) primary key (SingerId); -- ok\n"
    static let canonical = "CREATE TABLE Singers (\n  SingerId INT64 NOT NULL,\n  Name STRING(MAX),\n) PRIMARY KEY(SingerId); -- ok\n\n"

    @Test("prints canonical DDL for a file")
    func formatsFile() throws {
        let dir = try TemporaryDirectory()
        try dir.write("schema.sql", Self.messy)
        let result = try RatchetProcess.run(["format", "schema.sql"], in: dir.url)
        #expect(result.status == 0)
        #expect(result.stdout == Self.canonical)
        #expect(result.stderr.isEmpty)
    }

    @Test("reads standard input when no file is given")
    func formatsStandardInput() throws {
        let result = try RatchetProcess.run(["format"], stdin: Self.messy)
        #expect(result.status == 0)
        #expect(result.stdout == Self.canonical)
    }

    @Test("syntax errors: FILE:LINE:COL, the line and a caret; every broken statement; exit 65; nothing on stdout")
    func syntaxErrors() throws {
        let dir = try TemporaryDirectory()
        try dir.write("bad.sql", "CREATE TABLE A (\n  Id ,\n) PRIMARY KEY (Id);\nCREATE ROLE ok;\nDROP TABLE ;\n")
        let result = try RatchetProcess.run(["format", "bad.sql"], in: dir.url)
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("bad.sql:2:6: error: expected a type, found ','\n  Id ,\n     ^"))
        #expect(result.stderr.contains("bad.sql:5:12: error: expected a table name, found ';'\nDROP TABLE ;\n           ^"))
    }

    @Test("--check exits 0 for canonical files and 1 naming the others")
    func check() throws {
        let dir = try TemporaryDirectory()
        try dir.write("good.sql", Self.canonical)
        try dir.write("messy.sql", Self.messy)
        let good = try RatchetProcess.run(["format", "--check", "good.sql"], in: dir.url)
        #expect(good.status == 0)
        #expect(good.stdout.isEmpty)
        let both = try RatchetProcess.run(["format", "--check", "good.sql", "messy.sql"], in: dir.url)
        #expect(both.status == 1)
        #expect(both.stderr.contains("messy.sql: not in canonical form"))
        #expect(!both.stderr.contains("good.sql"))
    }

    @Test("--write rewrites in place, then --check passes; a file with errors is left untouched")
    func write() throws {
        let dir = try TemporaryDirectory()
        try dir.write("messy.sql", Self.messy)
        let broken = "CREATE TABLE (Id INT64) PRIMARY KEY (Id);\n"
        try dir.write("broken.sql", broken)
        let result = try RatchetProcess.run(["format", "--write", "messy.sql", "broken.sql"], in: dir.url)
        #expect(result.status == 65)
        #expect(try dir.read("messy.sql") == Self.canonical)
        #expect(try dir.read("broken.sql") == broken)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)")
        #expect(try RatchetProcess.run(["format", "--check", "messy.sql"], in: dir.url).status == 0)
    }

    @Test("--write and --check together, or --write without files, are usage errors")
    func usageErrors() throws {
        let both = try RatchetProcess.run(["format", "--write", "--check", "x.sql"])
        #expect(both.status == 64)
        #expect(both.stderr.contains("--check and --write cannot be used together"))
        let noFiles = try RatchetProcess.run(["format", "--write"])
        #expect(noFiles.status == 64)
    }

    @Test("a missing file is an error that names it")
    func missingFile() throws {
        let result = try RatchetProcess.run(["format", "/nonexistent/schema.sql"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("/nonexistent/schema.sql does not exist"))
    }

    @Test("an unmodeled statement passes through with a warning and exit 0")
    func unmodeledWarning() throws {
        let result = try RatchetProcess.run(["format"], stdin: "ALTER SCHEMA s SET OPTIONS (x = 1);\n")
        #expect(result.status == 0)
        #expect(result.stdout == "ALTER SCHEMA s SET OPTIONS(x = 1);\n\n")
        #expect(result.stderr.contains("<stdin>:1:1: warning: ALTER SCHEMA is not modeled by Ratchet"))
    }

    @Test("the example schema in migrations/ is canonical")
    func exampleIsCanonical() throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let example = root.appendingPathComponent("migrations/schema.sql").path
        let result = try RatchetProcess.run(["format", "--check", example])
        #expect(result.status == 0, "\(result.stderr)")
    }
}
