import Foundation
import SpannerClient
import SpannerTestServer
import Testing

/// The test server's PostgreSQL-dialect databases: DDL and queries are read in PostgreSQL, and
/// each dialect refuses the other's syntax, as Spanner does.
@Suite("REST test server, PostgreSQL dialect")
struct PostgreSQLModeTests {
    let pg = DatabasePath(project: "p", instance: "i", database: "pg")
    let google = DatabasePath(project: "p", instance: "i", database: "g")

    func start() async throws -> (SpannerTestServer, SpannerClient) {
        let server = try SpannerTestServer(envelope: .production)
        let url = try await server.start()
        try await server.createPostgreSQLDatabase(pg.name)
        try await server.createDatabase(google.name)
        let client = SpannerClient(baseURL: url, credentials: StaticToken("t", source: "test"), sleeper: ImmediateSleeper(), adminRequestsPerSecond: 1000)
        return (server, client)
    }

    @Test("databases.create with databaseDialect POSTGRESQL makes a PostgreSQL database; get reports its dialect")
    func create() async throws {
        let (server, client) = try await start()
        defer { Task { await server.stop() } }
        let path = DatabasePath(project: "p", instance: "i", database: "made-pg")
        let operation = try await client.wait(for: try await client.createDatabase(path, databaseDialect: "POSTGRESQL"))
        #expect(operation.error == nil)
        #expect(try await client.getDatabase(path).databaseDialect == "POSTGRESQL")
        #expect(try await client.getDatabase(google).databaseDialect == "GOOGLE_STANDARD_SQL")
    }

    @Test("PostgreSQL DDL is applied through the rule engine and GetDatabaseDdl answers in PostgreSQL")
    func ddl() async throws {
        let (server, client) = try await start()
        defer { Task { await server.stop() } }
        let operation = try await client.wait(
            for: try await client.updateDDL(
                pg, statements: ["CREATE TABLE singers (singer_id bigint PRIMARY KEY, \"Name\" varchar(100))", "CREATE INDEX by_name ON singers (\"Name\")"],
                operationId: "op_1"))
        #expect(operation.error == nil)
        let ddl = try await client.getDDL(pg)
        #expect(ddl == ["CREATE TABLE singers (\n  singer_id bigint NOT NULL,\n  \"Name\" character varying(100),\n  PRIMARY KEY(singer_id)\n)", "CREATE INDEX by_name ON singers (\"Name\")"])
    }

    @Test("each dialect refuses the other's DDL: INVALID_ARGUMENT, nothing applied")
    func ddlOfTheOtherDialect() async throws {
        let (server, client) = try await start()
        defer { Task { await server.stop() } }
        for (path, statement) in [(pg, "CREATE TABLE T (Id INT64 NOT NULL) PRIMARY KEY (Id)"), (google, "CREATE TABLE t (id bigint PRIMARY KEY, at timestamptz) TTL INTERVAL '1 day' ON at")] {
            do {
                _ = try await client.updateDDL(path, statements: [statement], operationId: "op_x")
                Issue.record("\(statement) was accepted by \(path.database)")
            } catch {
                #expect(error.code == .invalidArgument, "\(error)")
            }
            #expect(try await client.getDDL(path).isEmpty)
        }
        #expect(await server.counters().schemaOperations == 0)
    }

    @Test("queries: $n parameters and quoted names on PostgreSQL, @name on GoogleSQL; each refuses the other's")
    func queries() async throws {
        let (server, client) = try await start()
        defer { Task { await server.stop() } }
        let pgSession = try await client.createSession(pg)
        let rows = try await client.executeSQL(
            pgSession, sql: "SELECT table_name FROM information_schema.tables WHERE table_schema = $1", params: ["p1": .string("public")],
            paramTypes: ["p1": "STRING"])
        #expect(rows.records.isEmpty)
        await #expect(throws: SpannerError.self) {
            _ = try await client.executeSQL(pgSession, sql: "SELECT 1 FROM t WHERE a = @a", params: ["a": .string("x")], paramTypes: ["a": "STRING"])
        }
        let googleSession = try await client.createSession(google)
        await #expect(throws: SpannerError.self) {
            _ = try await client.executeSQL(googleSession, sql: "SELECT 1 FROM t WHERE a = $1", params: ["p1": .string("x")], paramTypes: ["p1": "STRING"])
        }
    }
}
