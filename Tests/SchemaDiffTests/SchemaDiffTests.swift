import Foundation
import SchemaDiff
import SchemaGenerator
import SpannerDDL
import SpannerSchema
import Testing

func statements(_ text: String) -> [Statement] {
    let document = DDLDocument.parse(text)
    precondition(!document.hasErrors, "test DDL must parse: \(document.errors)")
    return document.statementList
}

func schema(_ text: String) throws -> Schema { try Schema(declaring: statements(text)) }

/// Applies a plan to `from` through the rule engine: it must be accepted, statement by statement.
func applying(_ plan: Plan, to from: Schema) throws -> Schema {
    var result = from
    for step in plan.statements { try result.apply(step.statement) }
    return result
}

@Suite("Diff planner")
struct SchemaDiffTests {
    static let base = """
        CREATE TABLE Singers (SingerId INT64 NOT NULL, Name STRING(100), Bio STRING(MAX), Rank INT64) PRIMARY KEY (SingerId);
        CREATE TABLE Albums (SingerId INT64 NOT NULL, AlbumId INT64 NOT NULL, Title STRING(MAX), Budget INT64) PRIMARY KEY (SingerId, AlbumId), INTERLEAVE IN PARENT Singers ON DELETE CASCADE;
        CREATE TABLE Songs (SingerId INT64 NOT NULL, AlbumId INT64 NOT NULL, TrackId INT64 NOT NULL, Name STRING(MAX)) PRIMARY KEY (SingerId, AlbumId, TrackId), INTERLEAVE IN PARENT Albums ON DELETE CASCADE;
        CREATE INDEX AlbumsByTitle ON Albums (Title) STORING (Budget);
        """

    @Test("equal schemas plan nothing, whatever the order they were declared in")
    func noChanges() throws {
        let a = try schema(Self.base)
        let shuffled = try Schema(declaring: statements(Self.base).reversed())
        #expect(try SchemaDiff.plan(from: a, to: shuffled).isEmpty)
    }

    @Test("a table whose name changes only in case is renamed through a temporary name")
    func caseOnlyTableRename() throws {
        let a = try schema(Self.base)
        let b = try schema(Self.base.replacingOccurrences(of: "Singers", with: "SINGERS"))
        let plan = try SchemaDiff.plan(from: a, to: b)
        #expect(plan.statements.map { DDLPrinter.sql($0.statement) } == ["RENAME TABLE Singers TO Singers_ratchet_case, Singers_ratchet_case TO SINGERS"])
        let after = try applying(plan, to: a)
        #expect(try SchemaDiff.plan(from: after, to: b).isEmpty)
        #expect(after.table(ObjectName(Identifier("SINGERS")))?.name == ObjectName(Identifier("SINGERS")))
    }

    @Test("a column whose name changes only in case is refused: Spanner cannot rename columns")
    func caseOnlyColumnChange() throws {
        let a = try schema(Self.base)
        let b = try schema(Self.base.replacingOccurrences(of: "Bio STRING(MAX)", with: "BIO STRING(MAX)"))
        #expect(throws: DiffError.self) { try SchemaDiff.plan(from: a, to: b) }
    }

    @Test(
        "spellings Spanner treats as the same plan nothing",
        arguments: [
            ("Total FLOAT64 DEFAULT ((1 + 2))", "Total float64 default (1+2)"),
            ("Flag BOOL AS (Score > 0) STORED", "`Flag` bool as ((`score` > 0)) stored"),
            ("Label STRING(10) DEFAULT ('x')", "Label string(10) default (\"x\")"),
            ("Up STRING(10) AS (UPPER(Name)) STORED", "Up STRING(10) AS (upper((name))) STORED"),
            ("Pair INT64 AS (MOD(Score, 2)) STORED", "Pair INT64 AS ((mod(score, 2))) STORED"),
        ])
    func equivalentSpellings(_ before: String, _ after: String) throws {
        func table(_ column: String) -> String {
            "CREATE TABLE T (Id INT64 NOT NULL, Score INT64, Name STRING(10), \(column), CONSTRAINT C CHECK ((Score > 0))) PRIMARY KEY (Id);"
        }
        let a = try schema(table(before))
        let b = try schema(table(after).replacingOccurrences(of: "CHECK ((Score > 0))", with: "check (SCORE>0)"))
        #expect(try SchemaDiff.plan(from: a, to: b).isEmpty)
    }

    @Test(
        "a changed expression is still a change",
        arguments: [
            ("Name STRING(10) DEFAULT ('x')", "Name STRING(10) DEFAULT ('X')"),
            ("Up INT64 AS ((Score + 1) * 2) STORED", "Up INT64 AS (Score + 1 * 2) STORED"),
        ])
    func changedExpressions(_ before: String, _ after: String) throws {
        let a = try schema("CREATE TABLE T (Id INT64 NOT NULL, Score INT64, \(before)) PRIMARY KEY (Id);")
        let b = try schema("CREATE TABLE T (Id INT64 NOT NULL, Score INT64, \(after)) PRIMARY KEY (Id);")
        let plan = try SchemaDiff.plan(from: a, to: b, policy: .permissive)
        #expect(!plan.isEmpty)
    }

    @Test("a schema from nothing: parents before children, foreign-key targets before keys, indexes with their tables")
    func fromEmpty() throws {
        let target = try schema(
            """
            CREATE INDEX ConcertsByVenue ON Concerts (VenueId);
            CREATE TABLE Concerts (Id INT64 NOT NULL, VenueId INT64, CONSTRAINT FK_Venue FOREIGN KEY (VenueId) REFERENCES Venues (VenueId)) PRIMARY KEY (Id);
            CREATE TABLE Venues (VenueId INT64 NOT NULL) PRIMARY KEY (VenueId);
            CREATE VIEW V SQL SECURITY INVOKER AS SELECT Id FROM Concerts;
            """ + Self.base)
        let plan = try SchemaDiff.plan(from: Schema(), to: target)
        let applied = try applying(plan, to: Schema())
        #expect(try SchemaDiff.plan(from: applied, to: target).isEmpty)
        let sql = plan.statements.map(\.sql)
        let singers = try #require(sql.firstIndex { $0.hasPrefix("CREATE TABLE Singers") })
        let albums = try #require(sql.firstIndex { $0.hasPrefix("CREATE TABLE Albums") })
        let venues = try #require(sql.firstIndex { $0.hasPrefix("CREATE TABLE Venues") })
        let concerts = try #require(sql.firstIndex { $0.hasPrefix("CREATE TABLE Concerts") })
        #expect(singers < albums)
        #expect(venues < concerts, "the foreign key stays inline in CREATE TABLE Concerts")
        #expect(sql[concerts].contains("FOREIGN KEY"))
        #expect(plan.batchCount == 1)
        #expect(plan.statements.allSatisfy { $0.cost == .instant }, "indexes created with their tables need no backfill")
    }

    @Test("drops need --allow-destructive and name the change")
    func destructiveNeedsFlag() throws {
        let a = try schema(Self.base)
        let withoutBio = try schema(Self.base.replacingOccurrences(of: ", Bio STRING(MAX)", with: ""))
        #expect { try SchemaDiff.plan(from: a, to: withoutBio) } throws: { error in
            (error as? DiffError)?.flag == "--allow-destructive" && "\(error)".contains("Singers.Bio")
        }
        let plan = try SchemaDiff.plan(from: a, to: withoutBio, policy: .permissive)
        #expect(plan.statements.map(\.sql) == ["ALTER TABLE Singers DROP COLUMN Bio"])
        #expect(plan.statements.first?.cost == .destructive)
    }

    @Test("an incompatible type change is never a silent drop and add")
    func typeChange() throws {
        let a = try schema(Self.base)
        let b = try schema(Self.base.replacingOccurrences(of: "Rank INT64", with: "Rank STRING(10)"))
        #expect(throws: DiffError.self) { try SchemaDiff.plan(from: a, to: b) }
        let plan = try SchemaDiff.plan(from: a, to: b, policy: .permissive)
        #expect(plan.statements.map(\.sql) == ["ALTER TABLE Singers DROP COLUMN Rank", "ALTER TABLE Singers ADD COLUMN Rank STRING(10)"])
        #expect(plan.hasDestructiveSteps)
    }

    @Test(
        "in-place changes restate the column and carry their cost",
        arguments: [
            ("Name STRING(100)", "Name STRING(MAX)", "ALTER TABLE Singers ALTER COLUMN Name STRING(MAX)", CostClass.instant),
            ("Name STRING(100)", "Name STRING(10)", "ALTER TABLE Singers ALTER COLUMN Name STRING(10)", .validating),
            ("Name STRING(100)", "Name STRING(100) NOT NULL", "ALTER TABLE Singers ALTER COLUMN Name STRING(100) NOT NULL", .validating),
            ("Name STRING(100)", "Name BYTES(100)", "ALTER TABLE Singers ALTER COLUMN Name BYTES(100)", .instant),
            ("Rank INT64", "Rank INT64 DEFAULT (0)", "ALTER TABLE Singers ALTER COLUMN Rank SET DEFAULT (0)", .instant),
        ])
    func inPlace(_ before: String, _ after: String, _ sql: String, _ cost: CostClass) throws {
        let a = try schema(Self.base)
        let b = try schema(Self.base.replacingOccurrences(of: before, with: after))
        let plan = try SchemaDiff.plan(from: a, to: b)
        #expect(plan.statements.map(\.sql) == [sql])
        #expect(plan.statements.first?.cost == cost)
        #expect(try SchemaDiff.plan(from: applying(plan, to: a), to: b).isEmpty)
    }

    @Test("a column used only in STORING: the stored column is dropped before the column")
    func storingBlocksDrop() throws {
        let a = try schema(Self.base)
        let b = try schema(Self.base.replacingOccurrences(of: ", Budget INT64", with: "").replacingOccurrences(of: " STORING (Budget)", with: ""))
        let plan = try SchemaDiff.plan(from: a, to: b, policy: .permissive)
        #expect(plan.statements.map(\.sql) == ["ALTER INDEX AlbumsByTitle DROP STORED COLUMN Budget", "ALTER TABLE Albums DROP COLUMN Budget"])
        #expect(try SchemaDiff.plan(from: applying(plan, to: a), to: b).isEmpty)
    }

    @Test("an interleave chain is dropped child first")
    func interleaveChainDrop() throws {
        let a = try schema(Self.base)
        let b = try schema("CREATE TABLE Other (Id INT64) PRIMARY KEY (Id)")
        let plan = try SchemaDiff.plan(from: a, to: b, policy: .permissive)
        #expect(
            plan.statements.map(\.sql) == [
                "DROP INDEX AlbumsByTitle", "DROP TABLE Songs", "DROP TABLE Albums", "DROP TABLE Singers", "CREATE TABLE Other (\n  Id INT64,\n) PRIMARY KEY(Id)",
            ])
    }

    @Test("NOT NULL on a foreign-key column: the key is dropped and re-added around it")
    func foreignKeyAroundNotNull() throws {
        let fk = Self.base + "CREATE TABLE Fans (FanId INT64 NOT NULL, SingerId INT64, CONSTRAINT FK_Fav FOREIGN KEY (SingerId) REFERENCES Singers (SingerId)) PRIMARY KEY (FanId);"
        let a = try schema(fk)
        let b = try schema(fk.replacingOccurrences(of: "SingerId INT64, CONSTRAINT", with: "SingerId INT64 NOT NULL, CONSTRAINT"))
        let plan = try SchemaDiff.plan(from: a, to: b)
        #expect(
            plan.statements.map(\.sql) == [
                "ALTER TABLE Fans DROP CONSTRAINT FK_Fav",
                "ALTER TABLE Fans ALTER COLUMN SingerId INT64 NOT NULL",
                "ALTER TABLE Fans ADD CONSTRAINT FK_Fav FOREIGN KEY(SingerId) REFERENCES Singers(SingerId)",
            ])
    }

    @Test(
        "ALTER COLUMN restates DEFAULT, since Spanner removes one it leaves out",
        arguments: [
            // (old column, new column, the plan)
            ("Note STRING(100) DEFAULT ('x')", "Note STRING(MAX)", ["ALTER TABLE T ALTER COLUMN Note STRING(MAX)"]),
            ("Note STRING(100) DEFAULT ('x')", "Note STRING(MAX) DEFAULT ('x')", ["ALTER TABLE T ALTER COLUMN Note STRING(MAX) DEFAULT ('x')"]),
            ("Note STRING(100) DEFAULT ('x')", "Note STRING(100) NOT NULL DEFAULT ('x')", ["ALTER TABLE T ALTER COLUMN Note STRING(100) NOT NULL DEFAULT ('x')"]),
            ("Note STRING(100) DEFAULT ('x')", "Note STRING(100) NOT NULL", ["ALTER TABLE T ALTER COLUMN Note STRING(100) NOT NULL"]),
            ("Note STRING(100) NOT NULL DEFAULT ('x')", "Note STRING(100) DEFAULT ('y')", ["ALTER TABLE T ALTER COLUMN Note STRING(100) DEFAULT ('y')"]),
            ("Note STRING(100) DEFAULT ('x')", "Note STRING(100) DEFAULT ('y')", ["ALTER TABLE T ALTER COLUMN Note SET DEFAULT ('y')"]),
            ("Note STRING(100) DEFAULT ('x')", "Note STRING(100)", ["ALTER TABLE T ALTER COLUMN Note DROP DEFAULT"]),
        ])
    func restatedDefault(_ old: String, _ new: String, _ expected: [String]) throws {
        let a = try schema("CREATE TABLE T (Id INT64 NOT NULL, \(old)) PRIMARY KEY (Id);")
        let b = try schema("CREATE TABLE T (Id INT64 NOT NULL, \(new)) PRIMARY KEY (Id);")
        let plan = try SchemaDiff.plan(from: a, to: b)
        #expect(plan.statements.map(\.sql) == expected)
        #expect(try applying(plan, to: a) == b, "the plan, applied by Spanner's rules, reaches the declared column")
    }

    @Test("an index whose definition changes needs --allow-recreate-indexes")
    func indexRecreate() throws {
        let a = try schema(Self.base)
        let b = try schema(Self.base.replacingOccurrences(of: "ON Albums (Title)", with: "ON Albums (Title DESC)"))
        #expect { try SchemaDiff.plan(from: a, to: b) } throws: { ($0 as? DiffError)?.flag == "--allow-recreate-indexes" }
        let plan = try SchemaDiff.plan(from: a, to: b, policy: DiffPolicy(allowRecreateIndexes: true))
        #expect(plan.statements.map(\.cost) == [.instant, .backfill])
    }

    @Test(
        "a generated column whose expression changes needs --allow-recreate-generated-columns, not --allow-destructive, and is rebuilt without data loss",
        arguments: ["STORED", ""])
    func generatedColumnRecreate(_ stored: String) throws {
        let ddl = "CREATE TABLE People (Id INT64 NOT NULL, FirstName STRING(MAX), LastName STRING(MAX), FullName STRING(MAX) AS (CONCAT(FirstName, ' ', LastName)) \(stored)) PRIMARY KEY (Id);"
        let a = try schema(ddl)
        let b = try schema(ddl.replacingOccurrences(of: "CONCAT(FirstName, ' ', LastName)", with: "CONCAT(LastName, ', ', FirstName)"))
        #expect { try SchemaDiff.plan(from: a, to: b) } throws: { ($0 as? DiffError)?.flag == "--allow-recreate-generated-columns" }
        let plan = try SchemaDiff.plan(from: a, to: b, policy: DiffPolicy(allowRecreateGeneratedColumns: true))
        #expect(plan.statements.map(\.sql).first == "ALTER TABLE People DROP COLUMN FullName")
        #expect(plan.statements.count == 2)
        #expect(!plan.statements.contains { $0.cost == .destructive }, "derived values are computed again: nothing is lost")
        #expect(try applying(plan, to: a) == b)
        #expect(try SchemaDiff.plan(from: a, to: b, policy: DiffPolicy(allowDestructive: true)) == plan, "--allow-destructive allows it too")
        // A plain column that becomes generated loses what it held: that stays destructive.
        let plain = try schema("CREATE TABLE People (Id INT64 NOT NULL, FirstName STRING(MAX), LastName STRING(MAX), FullName STRING(MAX)) PRIMARY KEY (Id);")
        #expect { try SchemaDiff.plan(from: plain, to: b, policy: DiffPolicy(allowRecreateGeneratedColumns: true)) } throws: { ($0 as? DiffError)?.flag == "--allow-destructive" }
    }

    @Test("a change stream lets go of a table that is rebuilt under the same name, and watches it again after")
    func changeStreamAroundRebuild() throws {
        let a = try schema(
            """
            CREATE TABLE T (Id INT64 NOT NULL, V STRING(MAX)) PRIMARY KEY (Id);
            CREATE CHANGE STREAM S FOR T;
            """)
        let b = try schema(
            """
            CREATE TABLE T (Id STRING(36) NOT NULL, V STRING(MAX)) PRIMARY KEY (Id);
            CREATE CHANGE STREAM S FOR T;
            """)
        let plan = try SchemaDiff.plan(from: a, to: b, policy: .permissive)
        #expect(
            plan.statements.map(\.sql) == [
                "ALTER CHANGE STREAM S DROP FOR ALL",
                "DROP TABLE T",
                "CREATE TABLE T (\n  Id STRING(36) NOT NULL,\n  V STRING(MAX),\n) PRIMARY KEY(Id)",
                "ALTER CHANGE STREAM S SET FOR T",
            ])
        #expect(try applying(plan, to: a) == b)
    }

    @Test("a search index's TOKENLIST and stored columns change in place, before the table columns they used are dropped")
    func searchIndexColumns() throws {
        let table = """
            CREATE TABLE Albums (Id INT64 NOT NULL, T1 STRING(MAX), T2 STRING(MAX), S1 STRING(MAX), S2 STRING(MAX),
              T1_Tok TOKENLIST AS (TOKENIZE_FULLTEXT(T1)) HIDDEN, T2_Tok TOKENLIST AS (TOKENIZE_FULLTEXT(T2)) HIDDEN) PRIMARY KEY (Id);
            """
        let a = try schema(table + "CREATE SEARCH INDEX AlbumsIndex ON Albums (T1_Tok, T2_Tok) STORING (S1, S2);")
        let b = try schema(
            """
            CREATE TABLE Albums (Id INT64 NOT NULL, T1 STRING(MAX), S1 STRING(MAX), S3 STRING(MAX),
              T1_Tok TOKENLIST AS (TOKENIZE_FULLTEXT(T1)) HIDDEN, T3_Tok TOKENLIST AS (TOKENIZE_FULLTEXT(S3)) HIDDEN) PRIMARY KEY (Id);
            CREATE SEARCH INDEX AlbumsIndex ON Albums (T3_Tok, T1_Tok) STORING (S1, S3);
            """)
        let plan = try SchemaDiff.plan(from: a, to: b, policy: DiffPolicy(allowDestructive: true))
        let sql = plan.statements.map(\.sql)
        #expect(!sql.contains { $0.hasPrefix("DROP SEARCH INDEX") }, "no rebuild: \(sql)")
        let dropFromIndex = try #require(sql.firstIndex(of: "ALTER SEARCH INDEX AlbumsIndex DROP COLUMN T2_Tok"))
        let dropColumn = try #require(sql.firstIndex(of: "ALTER TABLE Albums DROP COLUMN T2_Tok"))
        #expect(dropFromIndex < dropColumn)
        #expect(sql.contains("ALTER SEARCH INDEX AlbumsIndex ADD COLUMN T3_Tok"))
        #expect(sql.contains("ALTER SEARCH INDEX AlbumsIndex ADD STORED COLUMN S3"))
        let applied = try applying(plan, to: a)
        #expect(try SchemaDiff.plan(from: applied, to: b).isEmpty, "the column order of a search index is no difference")
    }

    @Test(
        "an identity column's skip range changes in place, both ways",
        arguments: [
            ("", " SKIP RANGE 1, 1000", "ALTER TABLE T ALTER COLUMN Id ALTER IDENTITY SET SKIP RANGE 1, 1000"),
            (" SKIP RANGE 1, 1000", "", "ALTER TABLE T ALTER COLUMN Id ALTER IDENTITY SET NO SKIP RANGE"),
            (" SKIP RANGE 1, 1000", " SKIP RANGE 5, 50", "ALTER TABLE T ALTER COLUMN Id ALTER IDENTITY SET SKIP RANGE 5, 50"),
        ])
    func identitySkipRange(_ old: String, _ new: String, _ expected: String) throws {
        func ddl(_ range: String) -> String {
            "CREATE TABLE T (Id INT64 NOT NULL GENERATED BY DEFAULT AS IDENTITY (BIT_REVERSED_POSITIVE\(range)), V STRING(MAX)) PRIMARY KEY (Id);"
        }
        let a = try schema(ddl(old)), b = try schema(ddl(new))
        let plan = try SchemaDiff.plan(from: a, to: b)
        #expect(plan.statements.map(\.sql) == [expected])
        #expect(plan.warnings.isEmpty)
        #expect(try applying(plan, to: a) == b)
    }

    @Test("privileges: revoked before their object is dropped, granted again on a rebuilt table or column")
    func privilegesAroundDrops() throws {
        let a = try schema(
            """
            CREATE TABLE T (Id INT64 NOT NULL, Name STRING(100)) PRIMARY KEY (Id);
            CREATE VIEW V SQL SECURITY INVOKER AS SELECT Name FROM T;
            CREATE ROLE reader;
            GRANT SELECT ON TABLE T TO ROLE reader;
            GRANT SELECT ON VIEW V TO ROLE reader;
            """)
        let dropped = try schema(
            """
            CREATE TABLE T (Id INT64 NOT NULL, Name STRING(100)) PRIMARY KEY (Id);
            CREATE ROLE reader;
            GRANT SELECT ON TABLE T TO ROLE reader;
            """)
        let plan = try SchemaDiff.plan(from: a, to: dropped)
        #expect(plan.statements.map(\.sql) == ["REVOKE SELECT ON VIEW V FROM ROLE reader", "DROP VIEW V"])
        #expect(try applying(plan, to: a) == dropped)

        let rebuilt = try schema(
            """
            CREATE TABLE T (Id STRING(36) NOT NULL, Name STRING(100)) PRIMARY KEY (Id);
            CREATE ROLE reader;
            GRANT SELECT ON TABLE T TO ROLE reader;
            """)
        let again = try SchemaDiff.plan(from: dropped, to: rebuilt, policy: .permissive).statements.map(\.sql)
        #expect(again.first == "REVOKE SELECT ON TABLE T FROM ROLE reader")
        #expect(again.last == "GRANT SELECT ON TABLE T TO ROLE reader", "Spanner drops a table's privileges with it: \(again)")
        #expect(try applying(SchemaDiff.plan(from: dropped, to: rebuilt, policy: .permissive), to: dropped) == rebuilt)
    }

    @Test("a change stream keeps watching the tables that stay while one it watches is dropped")
    func changeStreamKeepsTheRest() throws {
        let a = try schema(
            """
            CREATE TABLE A (Id INT64 NOT NULL) PRIMARY KEY (Id);
            CREATE TABLE B (Id INT64 NOT NULL, V STRING(MAX)) PRIMARY KEY (Id);
            CREATE CHANGE STREAM S FOR A, B(V);
            """)
        let onlyB = try schema(
            """
            CREATE TABLE B (Id INT64 NOT NULL, V STRING(MAX)) PRIMARY KEY (Id);
            CREATE CHANGE STREAM S FOR B(V);
            """)
        let plan = try SchemaDiff.plan(from: a, to: onlyB, policy: .permissive)
        #expect(plan.statements.map(\.sql) == ["ALTER CHANGE STREAM S SET FOR B(V)", "DROP TABLE A"])
        #expect(try applying(plan, to: a) == onlyB)
        let none = try schema(
            """
            CREATE TABLE B (Id INT64 NOT NULL, V STRING(MAX)) PRIMARY KEY (Id);
            CREATE CHANGE STREAM S;
            """)
        let toNone = try SchemaDiff.plan(from: a, to: none, policy: .permissive)
        #expect(toNone.statements.map(\.sql) == ["ALTER CHANGE STREAM S SET FOR B(V)", "DROP TABLE A", "ALTER CHANGE STREAM S DROP FOR ALL"])
        #expect(try applying(toNone, to: a) == none)
    }

    @Test("a row deletion policy that moves to another column is replaced in place; one whose column goes is dropped first")
    func rowDeletionPolicyMoves() throws {
        let a = try schema("CREATE TABLE T (Id INT64 NOT NULL, A TIMESTAMP, B TIMESTAMP) PRIMARY KEY (Id), ROW DELETION POLICY (OLDER_THAN(A, INTERVAL 30 DAY));")
        let moved = try schema("CREATE TABLE T (Id INT64 NOT NULL, A TIMESTAMP, B TIMESTAMP) PRIMARY KEY (Id), ROW DELETION POLICY (OLDER_THAN(B, INTERVAL 7 DAY));")
        #expect(try SchemaDiff.plan(from: a, to: moved).statements.map(\.sql) == ["ALTER TABLE T REPLACE ROW DELETION POLICY (OLDER_THAN(B, INTERVAL 7 DAY))"])
        let columnGone = try schema("CREATE TABLE T (Id INT64 NOT NULL, B TIMESTAMP) PRIMARY KEY (Id), ROW DELETION POLICY (OLDER_THAN(B, INTERVAL 7 DAY));")
        let plan = try SchemaDiff.plan(from: a, to: columnGone, policy: .permissive)
        #expect(
            plan.statements.map(\.sql) == [
                "ALTER TABLE T DROP ROW DELETION POLICY", "ALTER TABLE T DROP COLUMN A", "ALTER TABLE T ADD ROW DELETION POLICY (OLDER_THAN(B, INTERVAL 7 DAY))",
            ])
        #expect(try applying(plan, to: a) == columnGone)
    }

    @Test("ON UPDATE: set after its DEFAULT and commit-timestamp option, dropped before them; a restatement carries it")
    func onUpdate() throws {
        let plain = try schema("CREATE TABLE T (Id INT64 NOT NULL, U TIMESTAMP, N INT64) PRIMARY KEY (Id);")
        let stamped = try schema("CREATE TABLE T (Id INT64 NOT NULL, U TIMESTAMP DEFAULT (PENDING_COMMIT_TIMESTAMP()) ON UPDATE (PENDING_COMMIT_TIMESTAMP()) OPTIONS (allow_commit_timestamp = true), N INT64) PRIMARY KEY (Id);")
        let up = try SchemaDiff.plan(from: plain, to: stamped)
        #expect(
            up.statements.map(\.sql) == [
                "ALTER TABLE T ALTER COLUMN U SET DEFAULT (PENDING_COMMIT_TIMESTAMP())",
                "ALTER TABLE T ALTER COLUMN U SET OPTIONS (allow_commit_timestamp = TRUE)",
                "ALTER TABLE T ALTER COLUMN U SET ON UPDATE (PENDING_COMMIT_TIMESTAMP())",
            ])
        #expect(try applying(up, to: plain) == stamped)
        let down = try SchemaDiff.plan(from: stamped, to: plain)
        #expect(down.statements.first?.sql == "ALTER TABLE T ALTER COLUMN U DROP ON UPDATE")
        #expect(try applying(down, to: stamped) == plain)
        let notNull = try schema("CREATE TABLE T (Id INT64 NOT NULL, U TIMESTAMP NOT NULL DEFAULT (PENDING_COMMIT_TIMESTAMP()) ON UPDATE (PENDING_COMMIT_TIMESTAMP()) OPTIONS (allow_commit_timestamp = true), N INT64) PRIMARY KEY (Id);")
        let restated = try SchemaDiff.plan(from: stamped, to: notNull)
        #expect(restated.statements.map(\.sql) == ["ALTER TABLE T ALTER COLUMN U TIMESTAMP NOT NULL DEFAULT (PENDING_COMMIT_TIMESTAMP()) ON UPDATE (PENDING_COMMIT_TIMESTAMP())"])
        #expect(try applying(restated, to: stamped) == notNull)
    }

    @Test("at most ten validating or backfilling statements per batch")
    func batching() throws {
        var ddl = "CREATE TABLE T (Id INT64 NOT NULL"
        for i in 0..<25 { ddl += ", C\(i) INT64" }
        ddl += ") PRIMARY KEY (Id);"
        let a = try schema(ddl)
        var withIndexes = ddl
        for i in 0..<25 { withIndexes += "CREATE INDEX I\(i) ON T (C\(i));" }
        let plan = try SchemaDiff.plan(from: a, to: try schema(withIndexes))
        #expect(plan.statements.count == 25)
        #expect(plan.batchCount == 3)
        for batch in 0..<plan.batchCount {
            #expect(plan.statements.filter { $0.batch == batch && $0.cost == .backfill }.count <= 10)
        }
    }
}

/// The first of `names` in order, or a name that matches nothing (the edit is then refused).
func firstName(_ names: [ObjectName]) -> String {
    names.map(\.description).sorted().first ?? "None"
}

@Suite("Diff planner properties")
struct SchemaDiffPropertyTests {
    /// Random edits, as statements; the rule engine keeps only those Spanner would accept.
    static func randomEdits(of schema: Schema, _ rng: inout SplitMix64, count: Int) -> Schema {
        var result = schema
        let tables = schema.tables.values.map(\.name).sorted()
        var n = 0
        for _ in 0..<count * 8 where n < count {
            let table = tables[Int(rng.next() % UInt64(tables.count))]
            guard let current = result.table(table) else { continue }
            let columns = current.columns.map(\.name)
            let column = columns[Int(rng.next() % UInt64(columns.count))]
            let fresh = "New\(rng.next() % 1000)"
            let tokenColumns = current.columns.filter { $0.type == .tokenList }.map(\.name.description)
            let tokenColumn = tokenColumns.isEmpty ? "None" : tokenColumns[Int(rng.next() % UInt64(tokenColumns.count))]
            let searchIndex = result.indexes(on: table).filter { if case .search = $0 { true } else { false } }.first?.name.description ?? "None"
            let candidates = [
                "ALTER TABLE \(table) ADD COLUMN \(fresh) STRING(MAX)",
                "ALTER TABLE \(table) ADD COLUMN \(fresh) INT64 NOT NULL DEFAULT (7)",
                "ALTER TABLE \(table) DROP COLUMN \(column)",
                "ALTER TABLE \(table) ALTER COLUMN \(column) STRING(MAX)",
                "ALTER TABLE \(table) ALTER COLUMN \(column) BYTES(MAX)",
                "ALTER TABLE \(table) ALTER COLUMN \(column) INT64 NOT NULL",
                "ALTER TABLE \(table) ALTER COLUMN \(column) SET DEFAULT (1)",
                "CREATE INDEX Idx\(fresh) ON \(table) (\(column))",
                "ALTER TABLE \(table) ADD CONSTRAINT Ck\(fresh) CHECK (\(column) IS NOT NULL)",
                "ALTER TABLE \(table) DROP ROW DELETION POLICY",
                "ALTER TABLE \(table) ADD ROW DELETION POLICY (OLDER_THAN(CreatedAt, INTERVAL \(rng.next() % 90) DAY))",
                "CREATE TABLE \(fresh) (Id INT64 NOT NULL, Ref INT64, CONSTRAINT Fk\(fresh) FOREIGN KEY (Ref) REFERENCES \(table) (\(current.primaryKey[0].column))) PRIMARY KEY (Id)",
                "CREATE VIEW View\(fresh) SQL SECURITY INVOKER AS SELECT \(column) FROM \(table)",
                "DROP INDEX \(result.indexes(on: table).first?.name.description ?? "None")",
                "DROP VIEW \(result.views.values.first?.name.description ?? "None")",
                "CREATE OR REPLACE VIEW \(result.views.values.first?.name.description ?? "None") SQL SECURITY INVOKER AS SELECT 1 AS One",
                "DROP TABLE \(table)",
                // Other object kinds: change streams, sequences, roles and grants, generated
                // columns, named schemas, stored index columns, database options.
                "CREATE CHANGE STREAM Cs\(fresh) FOR \(table)",
                "CREATE CHANGE STREAM Cs\(fresh) FOR \(table)(\(column)) OPTIONS (retention_period = '36h')",
                "ALTER CHANGE STREAM \(firstName(result.changeStreams.values.map(\.name))) SET FOR ALL",
                "ALTER CHANGE STREAM \(firstName(result.changeStreams.values.map(\.name))) SET OPTIONS (retention_period = '\(1 + rng.next() % 7)d')",
                "DROP CHANGE STREAM \(firstName(result.changeStreams.values.map(\.name)))",
                "CREATE SEQUENCE Seq\(fresh) OPTIONS (sequence_kind = 'bit_reversed_positive')",
                "ALTER SEQUENCE \(firstName(result.sequences.values.map(\.name))) SET OPTIONS (skip_range_min = 1, skip_range_max = \(1000 + rng.next() % 1000))",
                "DROP SEQUENCE \(firstName(result.sequences.values.map(\.name)))",
                "CREATE ROLE Role\(fresh)",
                "GRANT SELECT ON TABLE \(table) TO ROLE \(result.roles.values.map(\.description).sorted().first ?? "None")",
                "GRANT SELECT(\(column)), UPDATE(\(column)) ON TABLE \(table) TO ROLE \(result.roles.values.map(\.description).sorted().last ?? "None")",
                "REVOKE SELECT ON TABLE \(table) FROM ROLE \(result.roles.values.map(\.description).sorted().first ?? "None")",
                "DROP ROLE \(result.roles.values.map(\.description).sorted().last ?? "None")",
                "ALTER TABLE \(table) ADD COLUMN Gen\(fresh) STRING(MAX) AS (CAST(\(current.primaryKey[0].column) AS STRING)) STORED",
                "CREATE SCHEMA Sch\(fresh)",
                "CREATE TABLE \(result.namedSchemas.values.map(\.description).sorted().first ?? "None").T\(fresh) (Id INT64 NOT NULL) PRIMARY KEY (Id)",
                "ALTER INDEX \(result.indexes(on: table).first?.name.description ?? "None") ADD STORED COLUMN \(column)",
                "ALTER DATABASE db SET OPTIONS (version_retention_period = '\(1 + rng.next() % 6)d')",
                "ALTER TABLE \(table) ALTER COLUMN \(column) STRING(\(1 + rng.next() % 200))",
                "ALTER TABLE \(table) ALTER COLUMN \(column) DROP DEFAULT",
                "ALTER TABLE \(table) ALTER COLUMN \(column) SET OPTIONS (allow_commit_timestamp = true)",
                "ALTER TABLE \(table) SET ON DELETE CASCADE",
                "ALTER TABLE \(table) SET ON DELETE NO ACTION",
                "ALTER TABLE \(table) ADD COLUMN Tok\(fresh) TOKENLIST AS (TOKENIZE_FULLTEXT(\(column))) HIDDEN",
                "CREATE SEARCH INDEX Search\(fresh) ON \(table)(\(tokenColumn))",
                "ALTER TABLE \(table) ADD COLUMN Vec\(fresh) ARRAY<FLOAT32>(vector_length=>4)",
                "ALTER TABLE \(table) ADD SYNONYM Syn\(fresh)",
                "CREATE SEARCH INDEX Search\(fresh) ON \(table)(\(tokenColumn)) STORING (\(column))",
                "ALTER SEARCH INDEX \(searchIndex) ADD COLUMN \(tokenColumn)",
                "ALTER SEARCH INDEX \(searchIndex) DROP COLUMN \(tokenColumn)",
                "ALTER SEARCH INDEX \(searchIndex) ADD STORED COLUMN \(column)",
                "ALTER TABLE \(table) DROP CONSTRAINT \(current.foreignKeys.first?.name?.description ?? current.checks.first?.name?.description ?? "None")",
                "CREATE UNIQUE NULL_FILTERED INDEX Uq\(fresh) ON \(table) (\(column) DESC) STORING (\(columns.last!))",
                "CREATE VIEW Over\(fresh) SQL SECURITY INVOKER AS SELECT COUNT(*) AS N FROM \(result.views.values.map(\.name.description).sorted().first ?? "None")",
                "ALTER TABLE \(table) RENAME TO Renamed\(fresh)",
                // Functions, locality groups, named schemas and case-only renames.
                "CREATE FUNCTION Fn\(fresh)(x INT64) RETURNS INT64 SQL SECURITY INVOKER AS (x + \(rng.next() % 10))",
                "CREATE OR REPLACE FUNCTION \(firstName(result.functions.values.map(\.name))) (x INT64) RETURNS INT64 SQL SECURITY INVOKER AS (x * 2)",
                "DROP FUNCTION \(firstName(result.functions.values.map(\.name)))",
                "CREATE FUNCTION Reader\(fresh)() RETURNS INT64 SQL SECURITY INVOKER AS ((SELECT COUNT(*) FROM \(table)))",
                "ALTER TABLE \(table) ADD COLUMN Fc\(fresh) INT64 AS (\(firstName(result.functions.values.filter { $0.body?.references.relations.isEmpty ?? false }.map(\.name)))(1)) STORED",
                "CREATE VIEW Calls\(fresh) SQL SECURITY INVOKER AS SELECT \(firstName(result.functions.values.map(\.name)))(1) AS Value",
                "CREATE LOCALITY GROUP lg\(fresh) OPTIONS (storage = 'hdd')",
                "ALTER LOCALITY GROUP \(firstName(result.localityGroups.values.map { ObjectName($0.name) })) SET OPTIONS (ssd_to_hdd_spill_timespan = '\(1 + rng.next() % 9)d')",
                "ALTER TABLE \(table) SET OPTIONS (locality_group = '\(firstName(result.localityGroups.values.map { ObjectName($0.name) }))')",
                "DROP LOCALITY GROUP \(firstName(result.localityGroups.values.map { ObjectName($0.name) }))",
                "CREATE VIEW \(result.namedSchemas.values.map(\.description).sorted().first ?? "None").V\(fresh) SQL SECURITY INVOKER AS SELECT COUNT(*) AS N FROM \(table)",
                "CREATE FUNCTION \(result.namedSchemas.values.map(\.description).sorted().first ?? "None").F\(fresh)(x INT64) RETURNS INT64 SQL SECURITY INVOKER AS (x)",
                "RENAME TABLE \(table) TO Tmp\(fresh), Tmp\(fresh) TO \(table.description.uppercased())",
            ]
            let text = candidates[Int(rng.next() % UInt64(candidates.count))]
            let document = DDLDocument.parse(text)
            guard let statement = document.statementList.first, !document.hasErrors else { continue }
            if (try? result.apply(statement)) != nil { n += 1 }
        }
        return result
    }

    @Test(
        "plan(A, B) applies to A and converges to B; plan(B, B) is empty; no destructive step without the flag",
        arguments: Array(UInt64(1)...UInt64(ProcessInfo.processInfo.environment["RATCHET_PROPERTY_SEEDS"].flatMap { UInt64($0) } ?? 300)))
    func convergence(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed &* 0x9E37_79B9)
        let text = SyntheticSchema(shape: .small(tables: 14), seed: seed).ddl()
        let a = try Schema(replaying: statements(text))
        let b = Self.randomEdits(of: a, &rng, count: 1 + Int(seed % 6))
        #expect(try SchemaDiff.plan(from: b, to: b).isEmpty, "seed \(seed)")
        let plan: Plan
        do {
            plan = try SchemaDiff.plan(from: a, to: b, policy: .permissive)
        } catch {
            Issue.record("seed \(seed): planning failed: \(error)")
            return
        }
        var applied = a
        for step in plan.statements {
            do {
                try applied.apply(step.statement)
            } catch {
                Issue.record("seed \(seed): step rejected: \(step.sql)\n  \(error)\n  plan:\n\(plan.statements.map { "    " + $0.sql.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n"))")
                return
            }
        }
        let residue = try SchemaDiff.plan(from: applied, to: b, policy: .permissive)
        #expect(residue.isEmpty, "seed \(seed): after applying the plan, still to do: \(residue.statements.map(\.sql))")
        if let safe = try? SchemaDiff.plan(from: a, to: b) {
            #expect(!safe.hasDestructiveSteps || safe.statements.allSatisfy { $0.cost != .destructive || $0.object.hasPrefix("sequence") }, "seed \(seed)")
        }
    }
}

@Suite("Diff planner: other object kinds")
struct SchemaDiffOtherKindsTests {
    static let before = """
        CREATE LOCALITY GROUP cold OPTIONS (storage = 'hdd');
        CREATE PLACEMENT europe OPTIONS (instance_partition = 'eu');
        CREATE PROTO BUNDLE (a.Singer, a.Genre);
        CREATE TABLE People (Id INT64 NOT NULL, Name STRING(MAX)) PRIMARY KEY (Id);
        CREATE PROPERTY GRAPH G NODE TABLES (People);
        CREATE MODEL M INPUT (x INT64) OUTPUT (y FLOAT64) REMOTE OPTIONS (endpoint = '//a');
        """

    @Test("models, placements, locality groups, graphs and proto bundles are planned, not ignored")
    func planned() throws {
        let a = try schema(Self.before)
        let b = try schema(
            """
            CREATE LOCALITY GROUP cold OPTIONS (storage = 'ssd');
            CREATE LOCALITY GROUP hot OPTIONS (storage = 'ssd');
            CREATE PROTO BUNDLE (a.Singer, a.Album);
            CREATE TABLE People (Id INT64 NOT NULL, Name STRING(MAX)) PRIMARY KEY (Id);
            CREATE PROPERTY GRAPH G NODE TABLES (People KEY (Id));
            CREATE MODEL M INPUT (x INT64) OUTPUT (y FLOAT64) REMOTE OPTIONS (endpoint = '//b');
            """)
        let plan = try SchemaDiff.plan(from: a, to: b)
        #expect(
            plan.statements.map(\.sql) == [
                "ALTER LOCALITY GROUP cold SET OPTIONS (storage = 'ssd')",
                "CREATE LOCALITY GROUP hot OPTIONS (storage = 'ssd')",
                "ALTER PROTO BUNDLE INSERT (a.Album) DELETE (a.Genre)",
                "ALTER MODEL M SET OPTIONS (endpoint = '//b')",
                "CREATE OR REPLACE PROPERTY GRAPH G NODE TABLES (People KEY (Id))",
                "DROP PLACEMENT europe",
            ])
        #expect(try SchemaDiff.plan(from: applying(plan, to: a), to: b).isEmpty)
        // And all of it goes away, graphs before the tables they read.
        let empty = try SchemaDiff.plan(from: a, to: Schema(), policy: .permissive)
        let sql = empty.statements.map(\.sql)
        #expect(sql.firstIndex(of: "DROP PROPERTY GRAPH G")! < sql.firstIndex(of: "DROP TABLE People")!)
        #expect(try applying(empty, to: a) == Schema())
    }
}

@Suite("Diff planner: table renames")
struct SchemaDiffRenameTests {
    @Test("a table annotated renamed-from is renamed, with its children, indexes and data kept")
    func rename() throws {
        let before = SchemaDiffTests.base
        let afterText = """
            -- ratchet:renamed-from Albums
            CREATE TABLE Records (SingerId INT64 NOT NULL, AlbumId INT64 NOT NULL, Title STRING(MAX), Budget INT64) PRIMARY KEY (SingerId, AlbumId), INTERLEAVE IN PARENT Singers ON DELETE CASCADE;
            CREATE TABLE Singers (SingerId INT64 NOT NULL, Name STRING(100), Bio STRING(MAX), Rank INT64) PRIMARY KEY (SingerId);
            CREATE TABLE Songs (SingerId INT64 NOT NULL, AlbumId INT64 NOT NULL, TrackId INT64 NOT NULL, Name STRING(MAX)) PRIMARY KEY (SingerId, AlbumId, TrackId), INTERLEAVE IN PARENT Records ON DELETE CASCADE;
            CREATE INDEX AlbumsByTitle ON Records (Title) STORING (Budget);
            """
        let document = DDLDocument.parse(afterText)
        let renames = TableRename.declared(in: document)
        #expect(renames == [TableRename(from: "Albums", to: "Records")])
        let a = try schema(before), b = try Schema(declaring: document.statementList)
        #expect(throws: DiffError.self) { try SchemaDiff.plan(from: a, to: b) }  // Without the annotation: a drop.
        let plan = try SchemaDiff.plan(from: a, to: b, renames: renames)
        #expect(plan.statements.map(\.sql) == ["ALTER TABLE Albums RENAME TO Records"])
        #expect(try SchemaDiff.plan(from: applying(plan, to: a), to: b).isEmpty)
    }
}

@Suite("Diff planner: NOT NULL backfill")
struct SchemaDiffBackfillTests {
    @Test("--backfill-not-null: a partitioned-DML UPDATE, in a batch of its own, before NOT NULL is added; a new column gets the value as a DEFAULT Spanner backfills")
    func backfill() throws {
        let a = try schema(SchemaDiffTests.base)
        let b = try schema(SchemaDiffTests.base.replacingOccurrences(of: "Rank INT64", with: "Rank INT64 NOT NULL, Country STRING(2) NOT NULL"))
        let plan = try SchemaDiff.plan(from: a, to: b, policy: DiffPolicy(backfillNotNull: Expression(canonicalText: "0")))
        #expect(
            plan.statements.map(\.sql) == [
                "UPDATE Singers SET Rank = 0 WHERE Rank IS NULL",
                "ALTER TABLE Singers ALTER COLUMN Rank INT64 NOT NULL",
                "ALTER TABLE Singers ADD COLUMN Country STRING(2) NOT NULL DEFAULT (0)",
                "ALTER TABLE Singers ALTER COLUMN Country DROP DEFAULT",
            ])
        #expect(plan.statements.filter(\.partitionedDML).count == 1)
        #expect(plan.statements[2].cost == .backfill)
        // DML never shares a batch with DDL.
        for step in plan.statements where step.statement.isDML {
            #expect(plan.statements.filter { $0.batch == step.batch }.count == 1)
        }
        #expect(try SchemaDiff.plan(from: applying(plan, to: a), to: b).isEmpty)
    }

    @Test("without a backfill value, a new NOT NULL column is added nullable then altered, with a warning")
    func noBackfill() throws {
        let a = try schema(SchemaDiffTests.base)
        let b = try schema(SchemaDiffTests.base.replacingOccurrences(of: "Rank INT64", with: "Rank INT64, Country STRING(2) NOT NULL"))
        let plan = try SchemaDiff.plan(from: a, to: b)
        #expect(plan.statements.map(\.sql) == ["ALTER TABLE Singers ADD COLUMN Country STRING(2)", "ALTER TABLE Singers ALTER COLUMN Country STRING(2) NOT NULL"])
        #expect(plan.warnings.contains { $0.contains("--backfill-not-null") })
        #expect(try SchemaDiff.plan(from: applying(plan, to: a), to: b).isEmpty)
    }
}
