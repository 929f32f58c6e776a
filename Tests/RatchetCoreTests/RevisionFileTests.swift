import RatchetCore
import SpannerDDL
import Testing

@Suite("Revision files")
struct RevisionFileTests {
    static let valid = """
        -- ratchet:revision 3f2a9c1b7e4d
        -- ratchet:parents 1a2b3c4d5e6f
        -- ratchet:message add albums
        -- ratchet:created 2026-11-25T10:00:00Z
        -- ratchet:branch-labels live

        -- +upgrade
        CREATE TABLE Albums (Id INT64 NOT NULL) PRIMARY KEY (Id);
        -- ratchet:partitioned-dml
        UPDATE Albums SET Id = Id WHERE TRUE;

        -- +downgrade
        -- ratchet:data-loss drops Albums
        DROP TABLE Albums;
        """

    @Test("a header and both sections parse, with lines, markers and checksums")
    func parses() throws {
        let bytes = Array(Self.valid.utf8)
        let revision = try RevisionFile.header(of: bytes, file: "r.sql")
        #expect(revision.id == "3f2a9c1b7e4d")
        #expect(revision.parents == ["1a2b3c4d5e6f"])
        #expect(revision.branchLabels == ["live"])
        let body = try RevisionFile.body(of: bytes, file: "r.sql")
        #expect(body.upgrade.count == 2)
        #expect(body.upgrade[0].line == 8)
        #expect(body.upgrade[1].partitionedDML)
        #expect(body.downgrade.count == 1)
        #expect(body.downgrade[0].dataLoss == "drops Albums")
        #expect(body.upgradeChecksum.count == 64)
    }

    @Test("checksums ignore layout and comments but not meaning")
    func checksums() throws {
        let reformatted = Self.valid.replacingOccurrences(of: "CREATE TABLE Albums (Id INT64 NOT NULL) PRIMARY KEY (Id);", with: "-- a note\ncreate table Albums (\n  Id int64 not null\n) primary key (Id);")
        let changed = Self.valid.replacingOccurrences(of: "Id INT64 NOT NULL)", with: "Id INT64)")
        let original = try RevisionFile.body(of: Array(Self.valid.utf8), file: "a.sql").upgradeChecksum
        #expect(try RevisionFile.body(of: Array(reformatted.utf8), file: "a.sql").upgradeChecksum == original)
        #expect(try RevisionFile.body(of: Array(changed.utf8), file: "a.sql").upgradeChecksum != original)
    }

    @Test(
        "malformed headers name the file and line",
        arguments: [
            ("-- ratchet:parents x\n-- +upgrade\n", "missing '-- ratchet:revision", "r.sql:1"),
            ("-- ratchet:revision abc\n-- ratchet:colour red\n-- +upgrade\n", "unknown header 'ratchet:colour'", "r.sql:2"),
            ("-- ratchet:revision abc\n-- ratchet:revision def\n-- +upgrade\n", "appears twice", "r.sql:2"),
            ("-- ratchet:revision abc\nCREATE TABLE T (Id INT64) PRIMARY KEY (Id);\n-- +upgrade\n", "a statement before '-- +upgrade'", "r.sql:2"),
            ("-- ratchet:revision abc\n-- ratchet:created yesterday\n-- +upgrade\n", "not a UTC timestamp", "r.sql:2"),
            ("-- ratchet:revision head\n-- +upgrade\n", "target keyword", "r.sql:1"),
            ("-- ratchet:revision abc\n-- ratchet:parents abc\n-- +upgrade\n", "lists itself", "r.sql:2"),
            ("-- ratchet:revision abc\n", "missing the '-- +upgrade' line", "r.sql"),
        ])
    func badHeaders(_ text: String, _ message: String, _ location: String) {
        do {
            _ = try RevisionFile.header(of: Array(text.utf8), file: "r.sql")
            Issue.record("expected an error containing \(message)")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.location == location)
        }
    }

    @Test("invalid DDL in a section points at its line and column in the file")
    func invalidDDL() throws {
        let text = "-- ratchet:revision abc\n\n-- +upgrade\nCREATE TABLE T (Id INT64 NOT NULL) PRIMARY KEY (Id);\nCREATE TABLE U (Id INT64 NOT NULL PRIMARY KEY (Id);\n"
        #expect(throws: RatchetError.self) { try RevisionFile.body(of: Array(text.utf8), file: "r.sql") }
        do {
            _ = try RevisionFile.body(of: Array(text.utf8), file: "r.sql")
        } catch {
            #expect(error.location?.hasPrefix("r.sql:5:") == true, "\(error.description)")
        }
    }

    @Test("render and header round-trip; file names sort by creation")
    func roundTrip() throws {
        let revision = Revision(id: "0a1b2c3d4e5f", parents: ["aaaaaaaaaaaa", "bbbbbbbbbbbb"], message: "Merge: live & search!", created: "2026-11-25T10:00:00Z", branchLabels: ["x"], dependsOn: ["cccccccccccc"])
        let text = RevisionFile.render(revision, upgrade: [.init(comments: ["why"], sql: "CREATE TABLE T (Id INT64) PRIMARY KEY(Id)")], downgrade: [.init(sql: "DROP TABLE T")])
        var parsed = try RevisionFile.header(of: Array(text.utf8), file: "f.sql")
        parsed.file = ""
        parsed.headerLines = [:]
        #expect(parsed == revision)
        #expect(RevisionFile.fileName(for: revision) == "20261125100000_0a1b2c3d4e5f_merge_live_search.sql")
        #expect(try RevisionFile.body(of: Array(text.utf8), file: "f.sql").upgrade.count == 1)
    }
}
