import SpannerDDL
import SpannerSchema
import Testing

/// The rule engine on PostgreSQL-dialect schemas: the shared rules, and the ones of this
/// dialect only.
@Suite("Schema rules, PostgreSQL dialect")
struct PostgreSQLSchemaRulesTests {
    func pg(_ text: String) -> [Statement] {
        let document = DDLDocument.parse(text, dialect: .postgreSQL)
        #expect(document.errors.isEmpty, "\(document.errors.map(\.message))")
        return document.statementList
    }

    func schema(_ text: String) throws -> Schema { try Schema(replaying: pg(text), dialect: .postgreSQL) }

    func refusal(_ text: String, on schema: Schema) -> SchemaError? {
        var copy = schema
        do {
            try copy.apply(pg(text))
            return nil
        } catch {
            return error
        }
    }

    static let base = """
        CREATE TABLE singers (singer_id bigint PRIMARY KEY, name varchar(100) DEFAULT 'x', at spanner.commit_timestamp);
        CREATE TABLE albums (singer_id bigint, album_id bigint, title text, PRIMARY KEY (singer_id, album_id)) INTERLEAVE IN PARENT singers ON DELETE CASCADE;
        CREATE INDEX albums_by_title ON albums (title);
        """

    @Test("names are unique case-insensitively, a quoted name included, as Spanner has them in both dialects")
    func caseInsensitiveNames() throws {
        let base = try schema(Self.base)
        let error = try #require(refusal(#"CREATE TABLE "Singers" (id bigint PRIMARY KEY)"#, on: base))
        #expect(error.message.contains("already exists") && error.message.contains("regardless of case"), "\(error.message)")
        #expect(refusal(#"CREATE TABLE "Singers2" (id bigint PRIMARY KEY)"#, on: base) == nil)
    }

    @Test("references are matched to the folded name: a bare name finds the table, a quoted different case does too")
    func references() throws {
        let base = try schema(Self.base)
        #expect(refusal("CREATE INDEX by_name ON SINGERS (NAME)", on: base) == nil)
        #expect(refusal("ALTER TABLE singers ADD COLUMN extra text", on: base) == nil)
        #expect(refusal("CREATE INDEX bad ON singers (nope)", on: base) != nil)
    }

    @Test("ALTER COLUMN TYPE keeps the default and nullability; SET/DROP NOT NULL keeps the type")
    func partialAlterations() throws {
        var base = try schema(Self.base)
        try base.apply(pg("ALTER TABLE singers ALTER COLUMN name TYPE varchar(200)"))
        var column = try #require(base.table("singers")?.column("name"))
        #expect(column.type == .string(.count(200)))
        #expect(column.generation == .default(Expression(canonicalText: "'x'", dialect: .postgreSQL)))
        try base.apply(pg("ALTER TABLE singers ALTER COLUMN name SET NOT NULL"))
        column = try #require(base.table("singers")?.column("name"))
        #expect(column.notNull && column.type == .string(.count(200)))
        try base.apply(pg("ALTER TABLE singers ALTER COLUMN name DROP NOT NULL"))
        #expect(base.table("singers")?.column("name")?.notNull == false)
    }

    @Test("a commit-timestamp column changed to timestamptz no longer accepts the commit timestamp, and back")
    func commitTimestampType() throws {
        var base = try schema(Self.base)
        try base.apply(pg("ALTER TABLE singers ALTER COLUMN at TYPE timestamptz"))
        #expect(base.table("singers")?.column("at")?.options == nil)
        try base.apply(pg("ALTER TABLE singers ALTER COLUMN at TYPE spanner.commit_timestamp"))
        #expect(base.table("singers")?.column("at")?.options?["allow_commit_timestamp"]?.boolLiteral == true)
    }

    @Test("a key column's type cannot change, and a type change Spanner does not allow is refused, in PostgreSQL words")
    func inPlaceRules() throws {
        let base = try schema(Self.base)
        #expect(refusal("ALTER TABLE singers ALTER COLUMN singer_id TYPE text", on: base) != nil)
        #expect(refusal("ALTER TABLE singers ALTER COLUMN name TYPE bigint", on: base) != nil)
        #expect(refusal("ALTER TABLE singers ALTER COLUMN name TYPE bytea", on: base) == nil)
    }

    @Test(
        "numeric (PG.NUMERIC) and jsonb cannot be keys of a table, an index or a foreign key in PostgreSQL; in GoogleSQL NUMERIC can",
        arguments: [
            "CREATE TABLE t (n numeric PRIMARY KEY)",
            "CREATE TABLE t (j jsonb PRIMARY KEY)",
            "CREATE TABLE t (id bigint PRIMARY KEY, n numeric); CREATE INDEX i ON t (n)",
            "CREATE TABLE t (id bigint PRIMARY KEY, f real); CREATE INDEX i ON t (f)",
        ])
    func keyTypes(_ text: String) throws {
        let base = try schema(Self.base)
        let error = try #require(refusal(text, on: base))
        #expect(error.message.contains("key") || error.message.contains("index"), "\(error.message)")
        let google = try Schema(replaying: DDLDocument.parse("CREATE TABLE T (N NUMERIC NOT NULL) PRIMARY KEY (N)").statementList)
        #expect(google.table("T") != nil)
    }

    @Test(
        "what exists in GoogleSQL only is refused in a PostgreSQL schema",
        arguments: [
            "CREATE TABLE t (Id INT64 NOT NULL, S STRUCT<a INT64>) PRIMARY KEY (Id)",
            "CREATE TABLE t (Id INT64 NOT NULL, B BYTES(10)) PRIMARY KEY (Id)",
            "CREATE TABLE t (Id INT64 NOT NULL) PRIMARY KEY (Id DESC)",
            "CREATE NULL_FILTERED INDEX i ON singers (name)",
            "CREATE PROTO BUNDLE (a.B)",
            "CREATE MODEL m INPUT (x INT64) OUTPUT (y INT64) REMOTE OPTIONS (endpoint = '//x')",
            "CREATE FUNCTION f(x INT64) RETURNS INT64 SQL SECURITY INVOKER AS (x)",
            "CREATE TABLE t (Id INT64 NOT NULL AUTO_INCREMENT) PRIMARY KEY (Id)",
        ])
    func googleSQLOnly(_ googleSQL: String) throws {
        var base = try schema(Self.base)
        let statement = try #require(DDLDocument.parse(googleSQL).statementList.first)
        #expect(throws: SchemaError.self) { try base.apply(statement) }
    }

    @Test("pg_ names tables and schemas of PostgreSQL's own, spanner_ schemas of Spanner's: refused")
    func reservedPrefixes() throws {
        let base = try schema(Self.base)
        #expect(refusal("CREATE TABLE pg_things (id bigint PRIMARY KEY)", on: base)?.message.contains("'pg_'") == true)
        #expect(refusal("CREATE SCHEMA spanner_v2", on: base)?.message.contains("'spanner_'") == true)
        #expect(refusal("CREATE SCHEMA pg_mine", on: base) != nil)
        #expect(refusal("CREATE TABLE things_pg_ (id bigint PRIMARY KEY)", on: base) == nil)
    }

    @Test("nextval('seq') in a DEFAULT names the sequence: it must exist, and cannot be dropped while used")
    func sequenceDefaults() throws {
        var base = try schema("CREATE SEQUENCE ids BIT_REVERSED_POSITIVE;")
        #expect(refusal("CREATE TABLE t (id bigint DEFAULT nextval('nope') PRIMARY KEY)", on: base) != nil)
        try base.apply(pg("CREATE TABLE t (id bigint DEFAULT nextval('IDS') PRIMARY KEY)"))
        #expect(refusal("DROP SEQUENCE ids", on: base) != nil)
    }

    @Test("the schema prints back as PostgreSQL, database options one a statement")
    func printsBack() throws {
        var base = try schema(Self.base)
        try base.apply(pg("ALTER DATABASE db SET spanner.version_retention_period = '3d'"))
        try base.apply(pg("ALTER DATABASE db SET spanner.optimizer_version = 5"))
        let printed = DDLPrinter.format(base.statements, dialect: .postgreSQL)
        // As GetDatabaseDdl prints them: the option's whole name quoted.
        let expected = "ALTER DATABASE db SET \"spanner.optimizer_version\" = 5;\n\nALTER DATABASE db SET \"spanner.version_retention_period\" = '3d';"
        #expect(printed.contains(expected), "\(printed)")
        let again = try Schema(replaying: DDLDocument.parse(printed, dialect: .postgreSQL).statementList, dialect: .postgreSQL)
        #expect(again == base)
    }
}
