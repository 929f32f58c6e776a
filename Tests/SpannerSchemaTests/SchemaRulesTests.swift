import SchemaGenerator
import SpannerDDL
import SpannerSchema
import Testing

/// Statements from DDL text; the text must parse.
func statements(_ text: String) -> [Statement] {
    let document = DDLDocument.parse(text)
    precondition(!document.hasErrors, "test DDL must parse: \(document.errors)")
    return document.statementList
}

/// A schema with singers, albums (interleaved) and songs (interleaved in albums).
func musicSchema() throws -> Schema {
    try Schema(
        replaying: statements(
            """
            CREATE TABLE Singers (SingerId INT64 NOT NULL, FirstName STRING(1024), LastName STRING(1024), Info JSON,
              FullName STRING(MAX) AS (CONCAT(FirstName, ' ', LastName)) STORED) PRIMARY KEY (SingerId);
            CREATE TABLE Albums (SingerId INT64 NOT NULL, AlbumId INT64 NOT NULL, Title STRING(MAX), Budget INT64,
              CONSTRAINT BudgetPositive CHECK (Budget > 0)) PRIMARY KEY (SingerId, AlbumId), INTERLEAVE IN PARENT Singers ON DELETE CASCADE;
            CREATE TABLE Songs (SingerId INT64 NOT NULL, AlbumId INT64 NOT NULL, TrackId INT64 NOT NULL, Name STRING(MAX))
              PRIMARY KEY (SingerId, AlbumId, TrackId), INTERLEAVE IN PARENT Albums ON DELETE CASCADE;
            CREATE INDEX AlbumsByTitle ON Albums (Title) STORING (Budget);
            """))
}

/// Applies `text` to `schema` and returns the error, which must occur.
func rejection(_ text: String, on schema: Schema) -> SchemaError? {
    var copy = schema
    do {
        try copy.apply(statements(text))
        return nil
    } catch {
        return error
    }
}

@Suite("Schema rules")
struct SchemaRulesTests {
    @Test("a valid schema loads, and names resolve case-insensitively")
    func loads() throws {
        let schema = try musicSchema()
        #expect(schema.tables.count == 3)
        #expect(schema.table("SINGERS")?.name == "Singers")
        #expect(schema.table("albums")?.column("title")?.name == "Title")
        #expect(schema.interleaveDepth(of: schema.table("Songs")!) == 3)
    }

    @Test(
        "statements Spanner rejects are rejected with the rule",
        arguments: [
            ("CREATE TABLE singers (X INT64) PRIMARY KEY (X)", SchemaError.Kind.duplicateName),
            ("CREATE INDEX Singers ON Albums (Title)", .duplicateName),
            ("CREATE TABLE T (A INT64, a STRING(MAX)) PRIMARY KEY (A)", .duplicateName),
            ("CREATE TABLE T (A INT64) PRIMARY KEY (B)", .unknownColumn),
            ("CREATE TABLE T (A JSON) PRIMARY KEY (A)", .invalidKey),
            ("CREATE TABLE T (A ARRAY<INT64>) PRIMARY KEY (A)", .invalidKey),
            ("CREATE TABLE T (A INT64, A2 INT64) PRIMARY KEY (A, A)", .invalidKey),
            ("CREATE TABLE T (Id INT64) PRIMARY KEY (Id), INTERLEAVE IN PARENT Nope", .unknownObject),
            ("CREATE TABLE T (Other INT64, Id INT64) PRIMARY KEY (Other, Id), INTERLEAVE IN PARENT Singers", .invalidInterleave),
            ("CREATE TABLE T (SingerId STRING(MAX), Id INT64) PRIMARY KEY (SingerId, Id), INTERLEAVE IN PARENT Singers", .invalidInterleave),
            ("CREATE TABLE T (SingerId INT64) PRIMARY KEY (SingerId), INTERLEAVE IN PARENT Singers", .invalidInterleave),
            ("CREATE TABLE T (Id INT64, S INT64, CONSTRAINT F FOREIGN KEY (S) REFERENCES Nope (Id)) PRIMARY KEY (Id)", .unknownObject),
            ("CREATE TABLE T (Id INT64, S STRING(MAX), CONSTRAINT F FOREIGN KEY (S) REFERENCES Singers (SingerId)) PRIMARY KEY (Id)", .invalidForeignKey),
            ("CREATE TABLE T (Id INT64, S INT64, CONSTRAINT F FOREIGN KEY (S, Id) REFERENCES Singers (SingerId)) PRIMARY KEY (Id)", .invalidForeignKey),
            ("CREATE TABLE T (Id INT64, S INT64, CONSTRAINT BudgetPositive CHECK (S > 0)) PRIMARY KEY (Id)", .duplicateName),
            ("CREATE TABLE T (Id INT64, Ts DATE) PRIMARY KEY (Id), ROW DELETION POLICY (OLDER_THAN(Ts, INTERVAL 1 DAY))", .invalidColumn),
            ("CREATE TABLE T (Id INT64, D DATE OPTIONS (allow_commit_timestamp = true)) PRIMARY KEY (Id)", .invalidColumn),
            ("CREATE TABLE T (Id INT64, V ARRAY<INT64>(vector_length=>3)) PRIMARY KEY (Id)", .invalidColumn),
            ("CREATE TABLE sales.T (Id INT64) PRIMARY KEY (Id)", .unknownObject),
            ("CREATE INDEX I ON Albums (Nope)", .unknownColumn),
            ("CREATE INDEX I ON Nope (A)", .unknownObject),
            ("CREATE INDEX I ON Albums (Title) STORING (AlbumId)", .invalidIndex),
            ("CREATE INDEX I ON Singers (Info)", .invalidIndex),
            ("ALTER INDEX AlbumsByTitle ADD STORED COLUMN SingerId", .invalidIndex),
            ("CREATE INDEX I ON Songs (Name), INTERLEAVE IN Albums", .invalidIndex),
            ("CREATE SEARCH INDEX S ON Singers (FirstName)", .invalidIndex),
            ("CREATE VECTOR INDEX V ON Singers (FirstName) OPTIONS (distance_type = 'COSINE')", .invalidIndex),
            ("ALTER TABLE Albums ADD COLUMN Title INT64", .duplicateName),
            ("ALTER TABLE Albums ADD COLUMN Rank INT64 NOT NULL", .disallowedAlteration),
            ("ALTER TABLE Albums ALTER COLUMN Budget STRING(MAX)", .disallowedAlteration),
            ("ALTER TABLE Albums ALTER COLUMN AlbumId STRING(MAX)", .disallowedAlteration),
            ("ALTER TABLE Albums ALTER COLUMN SingerId INT64", .disallowedAlteration),
            ("ALTER TABLE Singers ALTER COLUMN FullName STRING(MAX) AS (FirstName) STORED", .disallowedAlteration),
            ("ALTER TABLE Singers ALTER COLUMN FirstName BYTES(1024)", .disallowedAlteration),
            ("ALTER TABLE Songs SET INTERLEAVE IN PARENT Singers", .disallowedAlteration),
            ("ALTER TABLE Singers SET ON DELETE CASCADE", .disallowedAlteration),
            ("ALTER TABLE Albums DROP ROW DELETION POLICY", .disallowedAlteration),
            ("ALTER TABLE Albums DROP CONSTRAINT Nope", .unknownObject),
            ("ALTER TABLE Nope ADD COLUMN X INT64", .unknownObject),
            ("DROP TABLE Singers", .dependentObjects),
            ("ALTER TABLE Albums ALTER COLUMN Title STRING(MAX) NOT NULL", .disallowedAlteration),
            ("ALTER TABLE Albums ALTER COLUMN SingerId INT64 NOT NULL", .disallowedAlteration),
            ("DROP TABLE singers", .unknownObject),
            ("CREATE INDEX ByName ON Songs (name)", .unknownColumn),
            ("DROP TABLE Albums", .dependentObjects),
            ("ALTER TABLE Albums DROP COLUMN Budget", .dependentObjects),
            ("ALTER TABLE Albums DROP COLUMN AlbumId", .dependentObjects),
            ("ALTER TABLE Singers DROP COLUMN FirstName", .dependentObjects),
            ("ALTER TABLE Albums DROP COLUMN Nope", .unknownColumn),
            ("DROP INDEX Nope", .unknownObject),
            ("DROP SEARCH INDEX AlbumsByTitle", .unknownObject),
            ("DROP ROLE Nope", .unknownObject),
            ("GRANT SELECT ON TABLE Singers TO ROLE Nope", .unknownObject),
            ("CREATE CHANGE STREAM S FOR Singers (SingerId)", .invalidColumn),
            ("CREATE CHANGE STREAM S FOR Nope", .unknownObject),
            // ON UPDATE: a non-key commit-timestamp column whose DEFAULT is the same expression.
            ("ALTER TABLE Albums ADD COLUMN U TIMESTAMP DEFAULT (PENDING_COMMIT_TIMESTAMP()) ON UPDATE (PENDING_COMMIT_TIMESTAMP())", .invalidColumn),
            ("ALTER TABLE Albums ADD COLUMN U TIMESTAMP DEFAULT (CURRENT_TIMESTAMP()) ON UPDATE (PENDING_COMMIT_TIMESTAMP()) OPTIONS (allow_commit_timestamp = true)", .invalidColumn),
            ("ALTER TABLE Albums ADD COLUMN U STRING(MAX) DEFAULT ('x') ON UPDATE ('x')", .invalidColumn),
            ("CREATE TABLE T (Id INT64 NOT NULL DEFAULT (PENDING_COMMIT_TIMESTAMP_INT64()) ON UPDATE (PENDING_COMMIT_TIMESTAMP_INT64())) PRIMARY KEY (Id)", .invalidColumn),
            ("ALTER TABLE Albums ALTER COLUMN Budget SET ON UPDATE (PENDING_COMMIT_TIMESTAMP_INT64())", .invalidColumn),
            ("ALTER TABLE Albums ALTER COLUMN Budget DROP ON UPDATE", .disallowedAlteration),
            ("CREATE TABLE Orders (Id INT64 NOT NULL, Location STRING(100) NOT NULL PLACEMENT KEY) PRIMARY KEY (Id)", .invalidColumn),
            ("CREATE TABLE Orders (Id INT64 NOT NULL, A STRING(MAX) NOT NULL PLACEMENT KEY, B STRING(MAX) NOT NULL PLACEMENT KEY) PRIMARY KEY (Id)", .invalidColumn),
        ])
    func rejected(_ text: String, _ kind: SchemaError.Kind) throws {
        let error = rejection(text, on: try musicSchema())
        #expect(error?.kind == kind, "\(text): \(error.map(\.description) ?? "accepted")")
        #expect(error?.statement != nil)
        // A rejected statement changes nothing, lookup tables included.
        var schema = try musicSchema()
        let before = schema
        for statement in statements(text) {
            do { try schema.apply(statement) } catch { break }
        }
        #expect(schema == before, "\(text) left a trace")
    }

    @Test(
        "changes Spanner allows in place are accepted",
        arguments: [
            "ALTER TABLE Albums ALTER COLUMN Title STRING(100)",
            "ALTER TABLE Albums ALTER COLUMN Title BYTES(MAX)",
            "ALTER TABLE Albums ALTER COLUMN Budget INT64 NOT NULL",
            "ALTER TABLE Albums ALTER COLUMN Budget INT64 NOT NULL DEFAULT (1)",
            "ALTER TABLE Albums ALTER COLUMN Budget SET DEFAULT (5)",
            "ALTER TABLE Albums ADD COLUMN Rank INT64 NOT NULL DEFAULT (0)",
            "ALTER TABLE Albums ADD COLUMN Released TIMESTAMP OPTIONS (allow_commit_timestamp = true)",
            "ALTER TABLE Albums ADD COLUMN IF NOT EXISTS Title STRING(MAX)",
            "ALTER TABLE Albums SET ON DELETE NO ACTION",
            "ALTER TABLE Albums SET INTERLEAVE IN Singers",
            "ALTER TABLE Albums ADD CONSTRAINT FK_Singer FOREIGN KEY (SingerId) REFERENCES Singers (SingerId)",
            "ALTER TABLE Albums DROP CONSTRAINT BudgetPositive",
            "ALTER INDEX AlbumsByTitle DROP STORED COLUMN Budget",
            "ALTER INDEX AlbumsByTitle DROP STORED COLUMN Budget; ALTER INDEX AlbumsByTitle ADD STORED COLUMN Budget",
            "ALTER TABLE Singers ADD SYNONYM Artists",
            "ALTER TABLE Singers RENAME TO Artists",
            "DROP INDEX AlbumsByTitle",
            "DROP TABLE Songs",
            "DROP TABLE IF EXISTS Nope",
            "CREATE INDEX SongsByName ON Songs (SingerId, AlbumId, Name), INTERLEAVE IN Albums",
            "CREATE TABLE Tracks (SingerId INT64 NOT NULL, AlbumId INT64 NOT NULL, TrackId INT64 NOT NULL) PRIMARY KEY (SingerId, AlbumId, TrackId), INTERLEAVE IN Albums",
            "CREATE CHANGE STREAM S FOR Singers (FirstName), Albums ()",
            "CREATE ROLE Reader; GRANT SELECT(Title) ON TABLE Albums TO ROLE Reader; REVOKE SELECT(Title) ON TABLE Albums FROM ROLE Reader; DROP ROLE Reader",
            "CREATE VIEW V SQL SECURITY INVOKER AS SELECT SingerId FROM Singers; CREATE OR REPLACE VIEW V SQL SECURITY INVOKER AS SELECT 1 AS x",
            "INSERT INTO Singers (SingerId) VALUES (1)",
            "CREATE TABLE Orders (Id INT64 NOT NULL, Location STRING(MAX) NOT NULL PLACEMENT KEY) PRIMARY KEY (Id)",
            "ALTER TABLE Albums ADD COLUMN U TIMESTAMP DEFAULT (PENDING_COMMIT_TIMESTAMP()) ON UPDATE (PENDING_COMMIT_TIMESTAMP()) OPTIONS (allow_commit_timestamp = true)",
            "ALTER TABLE Albums ADD COLUMN V INT64 DEFAULT (PENDING_COMMIT_TIMESTAMP_INT64()); ALTER TABLE Albums ALTER COLUMN V SET ON UPDATE (PENDING_COMMIT_TIMESTAMP_INT64()); ALTER TABLE Albums ALTER COLUMN V DROP ON UPDATE; ALTER TABLE Albums ALTER COLUMN V DROP DEFAULT",
        ])
    func accepted(_ text: String) throws {
        let error = rejection(text, on: try musicSchema())
        #expect(error == nil, "\(text): \(error.map(\.description) ?? "")")
    }

    @Test("a DEFAULT that an ON UPDATE needs cannot be dropped first")
    func onUpdateKeepsDefault() throws {
        var schema = try musicSchema()
        try schema.apply(statements("ALTER TABLE Albums ADD COLUMN V INT64 DEFAULT (PENDING_COMMIT_TIMESTAMP_INT64()) ON UPDATE (PENDING_COMMIT_TIMESTAMP_INT64())"))
        #expect(rejection("ALTER TABLE Albums ALTER COLUMN V DROP DEFAULT", on: schema)?.kind == .disallowedAlteration)
        #expect(rejection("ALTER TABLE Albums ALTER COLUMN V DROP ON UPDATE; ALTER TABLE Albums ALTER COLUMN V DROP DEFAULT", on: schema) == nil)
    }

    @Test("an ALTER COLUMN keeps options it does not restate")
    func alterKeepsOptions() throws {
        var schema = try Schema(replaying: statements("CREATE TABLE T (Id INT64, Ts TIMESTAMP OPTIONS (allow_commit_timestamp = true)) PRIMARY KEY (Id)"))
        try schema.apply(statements("ALTER TABLE T ALTER COLUMN Ts TIMESTAMP NOT NULL"))
        #expect(schema.table("T")?.column("Ts")?.options?["allow_commit_timestamp"] != nil)
        #expect(schema.table("T")?.column("Ts")?.notNull == true)
    }

    @Test("a rejected statement leaves the schema exactly as it was")
    func atomicity() throws {
        var schema = try musicSchema()
        let before = schema
        #expect(throws: SchemaError.self) { try schema.apply(statements("ALTER TABLE Albums DROP COLUMN Budget")) }
        #expect(schema == before)
    }

    @Test("drops name what blocks them")
    func dropMessages() throws {
        let error = rejection("DROP TABLE Albums", on: try musicSchema())
        #expect(error?.message == "cannot drop table Albums: index AlbumsByTitle, interleaved table Songs depend on it; drop or alter them first")
        let column = rejection("ALTER TABLE Singers DROP COLUMN LastName", on: try musicSchema())
        #expect(column?.message.contains("generated column FullName") == true)
    }

    @Test("renaming a table carries its children, indexes and foreign keys")
    func rename() throws {
        var schema = try musicSchema()
        try schema.apply(statements("ALTER TABLE Albums RENAME TO Records"))
        #expect(schema.table("Songs")?.interleave?.parent == "Records")
        #expect(schema.indexes(on: "Records").count == 1)
        #expect(schema.table("Albums") == nil)
    }

    @Test("a rename reaches indexes interleaved in the table, change streams and privileges, as Spanner documents")
    func renameReferences() throws {
        var schema = try musicSchema()
        try schema.apply(
            statements(
                """
                CREATE INDEX SongsByName ON Songs(SingerId, AlbumId, Name), INTERLEAVE IN Albums;
                CREATE CHANGE STREAM AlbumChanges FOR Albums(Title), Singers;
                CREATE ROLE reader;
                GRANT SELECT ON TABLE Albums TO ROLE reader;
                ALTER TABLE Albums RENAME TO Records;
                """))
        guard case .standard(let index)? = schema.indexes.values.first(where: { $0.name == "SongsByName" }) else {
            Issue.record("the index is gone")
            return
        }
        #expect(index.interleaveIn == "Records")
        #expect(schema.changeStreams.values.first?.watch == .tables([.init(table: "Records", columns: ["Title"]), .init(table: "Singers")]))
        let printed = schema.statements.map(DDLPrinter.sql)
        #expect(printed.contains("GRANT SELECT ON TABLE Records TO ROLE reader"), "\(printed)")
        // The renamed table can be dropped once what uses it goes, and nothing refers to the old name.
        #expect(try Schema(replaying: schema.statements) == schema)
    }

    @Test("interleaving deeper than the limit is refused; limits are configurable")
    func limits() throws {
        var ddl = "CREATE TABLE T0 (K0 INT64) PRIMARY KEY (K0);\n"
        for depth in 1...7 {
            let keys = (0...depth).map { "K\($0)" }
            ddl += "CREATE TABLE T\(depth) (\(keys.map { "\($0) INT64" }.joined(separator: ", "))) PRIMARY KEY (\(keys.joined(separator: ", "))), INTERLEAVE IN PARENT T\(depth - 1);\n"
        }
        let all = statements(ddl)
        var schema = Schema()
        try schema.apply(Array(all.prefix(7)))
        #expect(throws: SchemaError.self) { try schema.apply(all[7]) }
        var small = SchemaLimits()
        small.tablesPerDatabase = 2
        var limited = Schema()
        #expect(throws: SchemaError.self) { try limited.apply(Array(all.prefix(3)), limits: small) }
        #expect(limited.tables.count == 2)
    }

    @Test("a declared schema may list objects in any order")
    func declaredOrder() throws {
        let declared = statements(
            """
            CREATE VIEW Top SQL SECURITY INVOKER AS SELECT Names.FirstName FROM Names;
            CREATE VIEW Names SQL SECURITY INVOKER AS SELECT FirstName FROM Singers;
            CREATE INDEX SongsByName ON Songs (Name);
            CREATE TABLE Songs (SingerId INT64 NOT NULL, AlbumId INT64 NOT NULL, TrackId INT64 NOT NULL, Name STRING(MAX)) PRIMARY KEY (SingerId, AlbumId, TrackId), INTERLEAVE IN PARENT Albums;
            CREATE TABLE Albums (SingerId INT64 NOT NULL, AlbumId INT64 NOT NULL, Best INT64, CONSTRAINT FK_Best FOREIGN KEY (Best) REFERENCES Charts (Rank)) PRIMARY KEY (SingerId, AlbumId), INTERLEAVE IN PARENT Singers;
            CREATE TABLE Charts (Rank INT64, Album INT64, CONSTRAINT FK_Album FOREIGN KEY (Album) REFERENCES Charts (Rank)) PRIMARY KEY (Rank);
            CREATE TABLE Singers (SingerId INT64 NOT NULL, FirstName STRING(MAX)) PRIMARY KEY (SingerId);
            CREATE SEQUENCE Seq OPTIONS (sequence_kind = 'bit_reversed_positive');
            """)
        #expect(throws: SchemaError.self) { try Schema(replaying: declared) }
        let schema = try Schema(declaring: declared)
        #expect(schema.tables.count == 4)
        #expect(schema.views.count == 2)
        #expect(schema.table("Albums")?.foreignKeys.first?.name == "FK_Best")
    }

    @Test("the schema as DDL keeps roles, grants and named schemas, and replays to the same schema")
    func statementsKeepAccessControl() throws {
        var schema = try musicSchema()
        try schema.apply(
            statements(
                """
                CREATE SCHEMA sales;
                CREATE TABLE sales.Orders (Id INT64 NOT NULL, Total NUMERIC) PRIMARY KEY (Id);
                CREATE VIEW SingerNames SQL SECURITY INVOKER AS SELECT FirstName FROM Singers;
                CREATE ROLE analyst;
                CREATE ROLE auditor;
                GRANT SELECT ON TABLE sales.Orders TO ROLE analyst;
                GRANT SELECT(FirstName, LastName), UPDATE(LastName) ON TABLE Singers TO ROLE analyst;
                GRANT SELECT ON VIEW SingerNames TO ROLE auditor;
                GRANT ROLE analyst TO ROLE auditor;
                """))
        let printed = schema.statements
        #expect(printed.filter { if case .grant = $0 { true } else { false } }.count == 6, "one per privilege and column: \(printed.map(DDLPrinter.sql))")
        let replayed = try Schema(replaying: printed)
        #expect(replayed.grants == schema.grants)
        #expect(replayed.roles == schema.roles)
        #expect(replayed.namedSchemas == schema.namedSchemas)
        #expect(replayed.statements == printed, "printing is deterministic")
    }
}

@Suite("Schema rules on generated schemas")
struct GeneratedSchemaRulesTests {
    @Test("the synthetic schema generator's output satisfies every rule", arguments: [UInt64(1), 2, 3])
    func generatedSchemasLoad(seed: UInt64) throws {
        let text = SyntheticSchema(shape: .small(tables: 60), seed: seed).ddl()
        let schema = try Schema(replaying: statements(text))
        #expect(schema.tables.count == 60)
        #expect(schema.indexes.count == 120)
        // Declared loading of the same statements, reversed, gives the same schema.
        #expect(try Schema(declaring: statements(text).reversed()) == schema)
    }
}
