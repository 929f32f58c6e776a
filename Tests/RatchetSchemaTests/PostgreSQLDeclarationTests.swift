import RatchetSchema
import SpannerDDL
import SpannerSchema
import Testing

/// One Swift declaration, either dialect: the PostgreSQL schema it builds is the one a
/// PostgreSQL `schema.sql` saying the same builds.
@Suite("Swift schema declarations, PostgreSQL dialect")
struct PostgreSQLDeclarationTests {
    static let declaration = SchemaDeclaration {
        Table("singers") {
            Column("singer_id", .int64).notNull()
            Column("name", .string(100))
            Column("Score", .float64).default("0")
            Column("shout", .string(.max)).generated("UPPER(name)", stored: true)
            Column("updated", .timestamp).commitTimestamp()
            Column("tags", .array(.string(.max)))
        }
        .primaryKey("singer_id")
        Table("albums") {
            Column("singer_id", .int64).notNull()
            Column("album_id", .int64).notNull()
            Column("title", .string(.max))
        }
        .primaryKey("singer_id", "album_id")
        .interleave(inParent: "singers", onDelete: .cascade)
        Index("albums_by_title", on: "albums", "title")
    }

    static let postgreSQL = """
        CREATE TABLE singers (
          singer_id bigint PRIMARY KEY,
          name varchar(100),
          "Score" double precision DEFAULT 0,
          shout text GENERATED ALWAYS AS (upper(name)) STORED,
          updated spanner.commit_timestamp,
          tags text[]
        );
        CREATE TABLE albums (
          singer_id bigint, album_id bigint, title text,
          PRIMARY KEY (singer_id, album_id)
        ) INTERLEAVE IN PARENT singers ON DELETE CASCADE;
        CREATE INDEX albums_by_title ON albums (title NULLS FIRST);
        """

    @Test("schema(dialect: .postgreSQL) is the schema the same tables written in PostgreSQL give")
    func sameSchema() throws {
        let declared = try Self.declaration.schema(dialect: .postgreSQL)
        #expect(declared.dialect == .postgreSQL)
        let written = try Schema(declaring: DDLDocument.parse(Self.postgreSQL, dialect: .postgreSQL).statementList, dialect: .postgreSQL)
        #expect(
            DDLPrinter.format(declared.statements, dialect: .postgreSQL) == DDLPrinter.format(written.statements, dialect: .postgreSQL))
        // And the GoogleSQL schema of the same declaration has the same tables and types.
        let google = try Self.declaration.schema()
        #expect(google.tables.count == declared.tables.count)
        #expect(google.table("singers")?.columns.map(\.type) == declared.table("singers")?.columns.map(\.type))
    }

    @Test("a raw DDL element may be written in PostgreSQL")
    func rawPostgreSQL() throws {
        let declaration = SchemaDeclaration {
            DDL("CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz) TTL INTERVAL '7 days' ON at")
        }
        let schema = try declaration.schema(dialect: .postgreSQL)
        #expect(schema.table("events")?.rowDeletionPolicy?.days == 7)
    }

    @Test("export-swift of a PostgreSQL schema declares the same schema again")
    func exportRoundTrip() throws {
        let written = try Schema(declaring: DDLDocument.parse(Self.postgreSQL, dialect: .postgreSQL).statementList, dialect: .postgreSQL)
        let swift = SwiftExporter.export(written)
        #expect(swift.contains("Table(\"singers\")"))
        #expect(swift.contains("UPPER(name)") || swift.contains("upper(name)"), "\(swift)")
    }
}
