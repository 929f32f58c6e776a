import SpannerDDL
import Testing

@Suite("Canonical printer")
struct PrinterTests {
    static func format(_ text: String) -> String {
        let document = DDLDocument.parse(text)
        #expect(document.errors.isEmpty, "\(document.errors)")
        return DDLPrinter.format(document)
    }

    @Test("CREATE TABLE in GetDatabaseDdl's layout")
    func tableLayout() {
        let printed = Self.format(
            """
            create table Albums (singerid int64 not null, AlbumId INT64 NOT NULL, title string(max), constraint fk foreign key (singerid) references Singers (singerid))
            primary key (singerid, AlbumId), interleave in parent Singers on delete cascade
            """)
        #expect(
            printed == """
                CREATE TABLE Albums (
                  singerid INT64 NOT NULL,
                  AlbumId INT64 NOT NULL,
                  title STRING(MAX),
                  CONSTRAINT fk FOREIGN KEY(singerid) REFERENCES Singers(singerid),
                ) PRIMARY KEY(singerid, AlbumId),
                  INTERLEAVE IN PARENT Singers ON DELETE CASCADE;


                """)
    }

    @Test(
        "expressions: reserved words upper-cased, literals re-spelled, canonical spacing",
        arguments: [
            ("select  a,b from t where x>=-1 and y in(1,2)", "SELECT a, b FROM t WHERE x >= -1 AND y IN (1, 2)"),
            ("\"double\"", "'double'"),
            ("r'raw\\d'", "'raw\\\\d'"),
            ("'''it's'''", "'it\\'s'"),
            ("B'\\x41\\x00'", "b'A\\x00'"),
            ("cast( x as int64 )", "CAST(x AS int64)"),
            ("ARRAY<INT64>[1,2]", "ARRAY<INT64>[1, 2]"),
            ("a[offset(0)]", "a[offset(0)]"),
            ("a - -1", "a - -1"),
            ("- - 1", "- -1"),
            ("x>>2", "x >> 2"),
            ("`select`.`a` + `b`", "`select`.a + b"),
            ("f ( @p )", "f(@p)"),
            ("a >. 0", "a >. 0"),
            ("1 .x", "1 .x"),
            ("t.a.b", "t.a.b"),
        ])
    func expressions(_ input: String, _ canonical: String) throws {
        #expect(try Expression(parsing: input).text == canonical)
        // Canonical text is a fixed point.
        #expect(try Expression(parsing: canonical).text == canonical)
    }

    @Test(
        "identifiers are quoted only when needed",
        arguments: [
            ("Singers", "Singers"), ("_x1", "_x1"), ("Order", "`Order`"), ("select", "`select`"), ("a b", "`a b`"),
            ("1abc", "`1abc`"), ("", "``"), ("Key", "Key"), ("a`b", "`a\\`b`"), ("é", "`é`"),
        ])
    func quoting(_ name: String, _ spelled: String) {
        #expect(IdentifierQuoting.spell(name) == spelled)
    }

    @Test(
        "every statement kind prints as expected",
        arguments: [
            ("create unique null_filtered index I on T(a desc) storing (b) where a is not null, interleave in P", "CREATE UNIQUE NULL_FILTERED INDEX I ON T(a DESC) STORING (b) WHERE a IS NOT NULL, INTERLEAVE IN P"),
            ("create search index S on D(t) storing (x) partition by p order by o desc options (sort_order_sharding=true)", "CREATE SEARCH INDEX S ON D(t) STORING (x) PARTITION BY p ORDER BY o DESC OPTIONS (sort_order_sharding = TRUE)"),
            ("create vector index V on D(e) where e is not null options (distance_type='COSINE')", "CREATE VECTOR INDEX V ON D(e) WHERE e IS NOT NULL OPTIONS (distance_type = 'COSINE')"),
            ("alter index I add stored column c", "ALTER INDEX I ADD STORED COLUMN c"),
            ("create or replace view V sql security invoker as select 1", "CREATE OR REPLACE VIEW V SQL SECURITY INVOKER AS SELECT 1"),
            ("create change stream S for A(x), B() options (retention_period='1d')", "CREATE CHANGE STREAM S FOR A(x), B() OPTIONS (retention_period = '1d')"),
            ("alter change stream S drop for all", "ALTER CHANGE STREAM S DROP FOR ALL"),
            ("create sequence S bit_reversed_positive skip range 1, 9", "CREATE SEQUENCE S BIT_REVERSED_POSITIVE SKIP RANGE 1, 9"),
            ("alter sequence S no skip range restart counter with 3", "ALTER SEQUENCE S NO SKIP RANGE RESTART COUNTER WITH 3"),
            ("create role r", "CREATE ROLE r"),
            ("grant select on change stream S to role r", "GRANT SELECT ON CHANGE STREAM S TO ROLE r"),
            ("create schema s", "CREATE SCHEMA s"),
            ("alter database d set options (optimizer_version=6)", "ALTER DATABASE d SET OPTIONS (optimizer_version = 6)"),
            ("create model M input (x int64) output (y float64) remote options (endpoint='e')", "CREATE MODEL M INPUT (x INT64) OUTPUT (y FLOAT64) REMOTE OPTIONS (endpoint = 'e')"),
            ("create proto bundle (a.B, c.D)", "CREATE PROTO BUNDLE (a.B, c.D)"),
            ("alter proto bundle insert (a.B) delete (c.D)", "ALTER PROTO BUNDLE INSERT (a.B) DELETE (c.D)"),
            ("create placement p options (instance_partition='x')", "CREATE PLACEMENT p OPTIONS (instance_partition = 'x')"),
            ("create locality group g options (storage='ssd')", "CREATE LOCALITY GROUP g OPTIONS (storage = 'ssd')"),
            (
                "create property graph G node tables (A key (id) label L properties are all columns) edge tables (E source key (a) references A (id) destination key (b) references A (id))",
                "CREATE PROPERTY GRAPH G NODE TABLES (A KEY (id) LABEL L PROPERTIES ARE ALL COLUMNS) EDGE TABLES (E SOURCE KEY (a) REFERENCES A(id) DESTINATION KEY (b) REFERENCES A(id))"
            ),
            ("alter statistics p set options (allow_gc=false)", "ALTER STATISTICS p SET OPTIONS (allow_gc = FALSE)"),
            ("analyze", "ANALYZE"),
            ("drop search index if exists S", "DROP SEARCH INDEX IF EXISTS S"),
            ("drop proto bundle", "DROP PROTO BUNDLE"),
            ("rename table a to b, c to d", "RENAME TABLE a TO b, c TO d"),
            ("alter table T alter column c alter identity set skip range 1, 2", "ALTER TABLE T ALTER COLUMN c ALTER IDENTITY SET SKIP RANGE 1, 2"),
        ])
    func statementKinds(_ input: String, _ canonical: String) {
        #expect(Self.format(input) == canonical + ";\n\n")
        #expect(Self.format(canonical) == canonical + ";\n\n")
    }

    @Test("comments survive: before a statement, after its ';', on columns, and at the end")
    func comments() {
        let input = """
            -- Singers and their albums.
            CREATE TABLE Singers ( -- opening
              /* the key */ SingerId INT64 NOT NULL, -- never null
              Name STRING(MAX) -- last column
            ) PRIMARY KEY (SingerId); -- done
            # trailing file comment
            """
        let expected = """
            -- Singers and their albums.
            CREATE TABLE Singers (
              -- opening
              /* the key */
              SingerId INT64 NOT NULL, -- never null
              Name STRING(MAX), -- last column
            ) PRIMARY KEY(SingerId); -- done

            # trailing file comment

            """
        #expect(Self.format(input) == expected)
        #expect(Self.format(expected) == expected)
    }

    @Test("a comment inside an expression moves to the statement, never lost")
    func commentInsideExpression() {
        let printed = Self.format("CREATE VIEW V SQL SECURITY INVOKER AS SELECT a -- the a\n, b FROM t")
        #expect(printed == "-- the a\nCREATE VIEW V SQL SECURITY INVOKER AS SELECT a, b FROM t;\n\n")
    }

    @Test("printing a statement built in code needs no parse")
    func printsBuiltStatements() {
        let table = CreateTable(name: ObjectName(["sales", "Order"]), columns: [ColumnDefinition(name: "Select", type: .array(.string(.count(10)), vectorLength: nil))], primaryKey: [])
        #expect(DDLPrinter.sql(.createTable(table)) == "CREATE TABLE sales.`Order` (\n  `Select` ARRAY<STRING(10)>,\n) PRIMARY KEY()")
    }
}
