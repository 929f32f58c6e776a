import Foundation
import SpannerDDL
import Testing

@Suite("PostgreSQL corpus")
struct PostgreSQLCorpusTests {
    static let validFiles = CorpusLoader.files(in: "postgresql/valid")
    static let invalidCases = InvalidCase.load("postgresql/invalid.sql")

    @Test("the corpus holds at least 150 statements and 40 invalid cases")
    func corpusSize() {
        let count = Self.validFiles.reduce(0) { sum, file in
            sum + DDLDocument.parse(SourceFile(name: file.name, bytes: file.bytes), dialect: .postgreSQL).statements.count
        }
        #expect(count >= 150)
        #expect(Self.invalidCases.count >= 40)
    }

    @Test("every valid statement parses without errors or warnings", arguments: validFiles.map(\.name))
    func parsesWithoutErrors(name: String) throws {
        let file = try #require(Self.validFiles.first { $0.name == name })
        let source = SourceFile(name: name, bytes: file.bytes)
        let document = DDLDocument.parse(source, dialect: .postgreSQL)
        let rendered = document.diagnostics.map { $0.render(in: source) }
        #expect(rendered.isEmpty, "\(rendered.joined(separator: "\n"))")
    }

    @Test("parse(print(ast)) == ast in PostgreSQL, comments included", arguments: validFiles.map(\.name))
    func roundTrip(name: String) throws {
        let file = try #require(Self.validFiles.first { $0.name == name })
        let document = DDLDocument.parse(SourceFile(name: name, bytes: file.bytes), dialect: .postgreSQL)
        try RoundTrip.check(document, dialect: .postgreSQL)
    }

    @Test("each error is reported at the exact line and column", arguments: invalidCases)
    func errorLocations(_ item: InvalidCase) {
        item.checkErrors(dialect: .postgreSQL)
    }

    // MARK: - What the dialect means

    @Test("bare names fold to lower case; quoted names keep theirs")
    func identifierFolding() throws {
        let document = DDLDocument.parse(#"CREATE TABLE Singers (SingerId bigint PRIMARY KEY, "FirstName" text);"#, dialect: .postgreSQL)
        guard case .createTable(let table)? = document.statementList.first else { Issue.record("not a table"); return }
        #expect(table.name == ObjectName("singers"))
        #expect(table.columns.map(\.name.name) == ["singerid", "FirstName"])
        #expect(DDLPrinter.sql(.createTable(table), dialect: .postgreSQL).contains(#""FirstName" character varying"#))
    }

    @Test(
        "PostgreSQL type names are the shared Spanner types",
        arguments: [
            ("bigint", DataType.int64), ("int8", .int64), ("boolean", .bool), ("bytea", .bytes(.max)), ("text", .string(.max)),
            ("varchar", .string(.max)), ("varchar(12)", .string(.count(12))), ("character varying(3)", .string(.count(3))),
            ("double precision", .float64), ("float8", .float64), ("real", .float32), ("float4", .float32), ("numeric", .numeric),
            ("jsonb", .json), ("timestamptz", .timestamp), ("timestamp with time zone", .timestamp), ("date", .date),
            ("uuid", .uuid), ("interval", .interval), ("spanner.tokenlist", .tokenList), ("bigint[]", .array(.int64, vectorLength: nil)),
            ("text[]", .array(.string(.max), vectorLength: nil)),
        ])
    func typeNames(spelling: String, type: DataType) throws {
        let document = DDLDocument.parse("CREATE TABLE t (id bigint PRIMARY KEY, c \(spelling));", dialect: .postgreSQL)
        #expect(document.errors.isEmpty)
        guard case .createTable(let table)? = document.statementList.first else { Issue.record("not a table"); return }
        #expect(table.columns[1].type == type)
    }

    @Test("the primary key's columns are NOT NULL, as Spanner makes them")
    func keyColumnsNotNull() {
        let document = DDLDocument.parse("CREATE TABLE t (a bigint, b bigint, c text, PRIMARY KEY (b, a));", dialect: .postgreSQL)
        guard case .createTable(let table)? = document.statementList.first else { Issue.record("not a table"); return }
        #expect(table.columns.map(\.notNull) == [true, true, false])
        #expect(table.primaryKey.map(\.column.name) == ["b", "a"])
    }

    @Test("spanner.commit_timestamp is a timestamp that allows the commit timestamp")
    func commitTimestamp() {
        let document = DDLDocument.parse("CREATE TABLE t (id bigint PRIMARY KEY, at spanner.commit_timestamp);", dialect: .postgreSQL)
        guard case .createTable(let table)? = document.statementList.first else { Issue.record("not a table"); return }
        #expect(table.columns[1].type == .timestamp)
        #expect(table.columns[1].options?["allow_commit_timestamp"]?.boolLiteral == true)
    }

    @Test(
        "TTL intervals are read in days and printed as days",
        arguments: [
            ("30 days", Int64(30)), ("1 day", 1), ("2 WEEKS", 14), ("4 WEEKS 2 DAYS", 30), ("1 MONTHS 1 DAYS", 31), ("24 hours", 1),
            ("1440 minutes", 1), ("0 days", 0),
        ])
    func ttlIntervals(interval: String, days: Int64) {
        let source = "CREATE TABLE t (id bigint PRIMARY KEY, at timestamptz) TTL INTERVAL '\(interval)' ON at;"
        let document = DDLDocument.parse(source, dialect: .postgreSQL)
        guard case .createTable(let table)? = document.statementList.first else { Issue.record("not a table"); return }
        #expect(table.rowDeletionPolicy == RowDeletionPolicy(column: "at", days: days))
        #expect(DDLPrinter.sql(.createTable(table), dialect: .postgreSQL).hasSuffix("TTL INTERVAL '\(days) DAYS' ON at"))
    }

    @Test("an index key without NULLS sorts NULLs as PostgreSQL does, and prints back the same")
    func nullsOrder() {
        let document = DDLDocument.parse("CREATE INDEX i ON t (a, b DESC, c NULLS FIRST, d DESC NULLS LAST);", dialect: .postgreSQL)
        guard case .createIndex(let index)? = document.statementList.first else { Issue.record("not an index"); return }
        #expect(index.keys.map(\.nulls) == [.last, .first, nil, nil])
        #expect(DDLPrinter.sql(.createIndex(index), dialect: .postgreSQL) == "CREATE INDEX i ON t (a, b DESC, c NULLS FIRST, d DESC NULLS LAST)")
        // The same key declared in GoogleSQL (Spanner's own order) prints its order explicitly in PostgreSQL.
        let google = DDLDocument.parse("CREATE INDEX i ON t (a, b DESC);").statementList[0]
        #expect(DDLPrinter.sql(google, dialect: .postgreSQL) == "CREATE INDEX i ON t (a NULLS FIRST, b DESC NULLS LAST)")
    }

    @Test("a GoogleSQL schema prints in PostgreSQL and reads back as the same tables")
    func crossDialect() throws {
        let google = DDLDocument.parse(
            """
            CREATE TABLE Singers (
              SingerId INT64 NOT NULL,
              Name STRING(100),
              Data BYTES(MAX),
              Tags ARRAY<STRING(MAX)>,
              Updated TIMESTAMP OPTIONS (allow_commit_timestamp = true),
            ) PRIMARY KEY (SingerId);
            CREATE TABLE Albums (
              SingerId INT64 NOT NULL,
              AlbumId INT64 NOT NULL,
            ) PRIMARY KEY (SingerId, AlbumId), INTERLEAVE IN PARENT Singers ON DELETE CASCADE;
            """)
        let printed = DDLPrinter.format(google.statementList, dialect: .postgreSQL)
        let postgres = DDLDocument.parse(printed, dialect: .postgreSQL)
        #expect(postgres.errors.isEmpty, "\(postgres.errors)")
        guard case .createTable(let singers)? = postgres.statementList.first else { Issue.record("not a table"); return }
        #expect(singers.name == ObjectName("Singers"))
        #expect(singers.columns.map(\.type) == [.int64, .string(.count(100)), .bytes(.max), .array(.string(.max), vectorLength: nil), .timestamp])
        #expect(printed.contains(#""Updated" spanner.commit_timestamp"#))
        #expect(printed.contains("INTERLEAVE IN PARENT \"Singers\" ON DELETE CASCADE"))
    }

    @Test("GoogleSQL syntax is refused in PostgreSQL mode and the reverse")
    func dialectsDoNotMix() {
        #expect(DDLDocument.parse("CREATE TABLE T (Id INT64) PRIMARY KEY (Id);", dialect: .postgreSQL).hasErrors)
        #expect(DDLDocument.parse("CREATE TABLE t (id bigint PRIMARY KEY) TTL INTERVAL '1 day' ON id;").hasErrors)
    }

    @Test("expressions are spelled canonically: names folded, keywords upper-cased, casts tight")
    func expressions() throws {
        let document = DDLDocument.parse(
            #"CREATE TABLE t (id bigint PRIMARY KEY, a text GENERATED ALWAYS AS (Lower( "Name" ) || 'x''y' :: text) STORED, "Name" text);"#,
            dialect: .postgreSQL)
        guard case .createTable(let table)? = document.statementList.first, case .generated(let expression, _)? = table.columns[1].generation else {
            Issue.record("no generated column")
            return
        }
        #expect(expression.text == #"lower("Name") || 'x''y'::text"#)
        #expect(expression.referencedIdentifiers.map(\.name) == ["Name"])
    }
}
