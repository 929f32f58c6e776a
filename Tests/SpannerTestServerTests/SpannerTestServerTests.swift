import Foundation
import SpannerClient
import SpannerTestServer
import Testing

/// Waits without waiting: polls in these tests are counted, not timed.
struct ImmediateSleeper: Sleeper {
    func sleep(seconds: Double) async throws { await Task.yield() }
}

@Suite("REST test server")
struct SpannerTestServerTests {
    let path = DatabasePath(project: "p", instance: "i", database: "d")

    func start(_ envelope: SpannerTestServer.Envelope = .production) async throws -> (SpannerTestServer, SpannerClient) {
        let server = try SpannerTestServer(envelope: envelope)
        let url = try await server.start()
        try await server.createDatabase(path.name)
        let client = SpannerClient(baseURL: url, credentials: StaticToken("t", source: "test"), sleeper: ImmediateSleeper(), adminRequestsPerSecond: 1000)
        return (server, client)
    }

    @Test("DDL over real HTTP: applied through the rule engine, progress over polls, GetDatabaseDdl in canonical form")
    func ddl() async throws {
        let (server, client) = try await start()
        defer { Task { await server.stop() } }
        let operation = try await client.updateDDL(
            path,
            statements: [
                "CREATE TABLE Singers (SingerId INT64 NOT NULL, Name STRING(100)) PRIMARY KEY (SingerId)",
                "CREATE INDEX SingersByName ON Singers(Name)",
            ], operationId: "ratchet_test_1")
        #expect(!operation.isDone)
        let done = try await client.wait(for: operation)
        #expect(done.isDone)
        #expect(done.error == nil)
        #expect(done.metadata?.committedCount == 2)
        let ddl = try await client.getDDL(path)
        #expect(ddl.count == 2)
        #expect(ddl[0].hasPrefix("CREATE TABLE Singers (\n  SingerId INT64 NOT NULL,"))
        // The same operation id again is refused: applying is idempotent.
        await #expect(throws: SpannerError.self) { try await client.updateDDL(path, statements: ["CREATE TABLE X (Id INT64) PRIMARY KEY (Id)"], operationId: "ratchet_test_1") }
        do {
            _ = try await client.updateDDL(path, statements: ["CREATE TABLE X (Id INT64) PRIMARY KEY (Id)"], operationId: "ratchet_test_1")
        } catch {
            #expect(error.code == .alreadyExists)
        }
        let counters = await server.counters()
        #expect(counters.schemaOperations == 1)
    }

    @Test("a batch with a statement Spanner's rules refuse is refused as a whole: no operation, nothing applied", arguments: [SpannerTestServer.Envelope.production, .emulator])
    func refusedBatch(_ envelope: SpannerTestServer.Envelope) async throws {
        let (server, client) = try await start(envelope)
        defer { Task { await server.stop() } }
        do {
            _ = try await client.updateDDL(
                path,
                statements: [
                    "CREATE TABLE A (Id INT64 NOT NULL) PRIMARY KEY (Id)",
                    "CREATE TABLE B (Id INT64 NOT NULL) PRIMARY KEY (Id)",
                    "CREATE INDEX AByMissing ON A(Missing)",
                    "CREATE TABLE C (Id INT64 NOT NULL) PRIMARY KEY (Id)",
                ], operationId: "batch_one")
            Issue.record("the batch was accepted")
        } catch {
            #expect(error.code == .failedPrecondition)
            #expect(error.message.contains("Missing"))
        }
        #expect(try await client.getDDL(path).isEmpty)
        #expect(await server.counters().schemaOperations == 0)
    }

    @Test("injected faults: a failing statement, 503 then recovery, an aborted commit")
    func faults() async throws {
        let (server, client) = try await start()
        defer { Task { await server.stop() } }
        await server.inject(.failStatement(index: 1, message: "injected failure"))
        let done = try await client.wait(
            for: try await client.updateDDL(
                path,
                statements: [
                    "CREATE TABLE A (Id INT64 NOT NULL) PRIMARY KEY (Id)", "CREATE TABLE B (Id INT64 NOT NULL) PRIMARY KEY (Id)",
                ]))
        #expect(done.metadata?.committedCount == 1)
        #expect(done.error?.message == "injected failure")
        await server.inject(.unavailable)
        #expect(try await client.getDDL(path).count == 1, "the client retried the 503")
        let session = try await client.createSession(path)
        await server.inject(.abortCommit)
        let written = try await client.readWrite(session) { _ throws(SpannerError) in
            ("ok", [Mutation.insertOrUpdate(table: "A", columns: ["Id"], values: [[SpannerValue.int64(7)]])])
        }
        #expect(written == "ok")
        #expect(await server.rows(of: "A", in: path.name).count == 1)
    }

    @Test("requests outside the discovery document are rejected with 400, as the gateway does")
    func contract() async throws {
        let (server, client) = try await start()
        defer { Task { await server.stop() } }
        let base = client.baseURL
        let transport = URLSessionTransport()
        func send(_ method: String, _ path: String, _ body: String) async throws -> HTTPResponse {
            try await transport.send(HTTPRequest(method: method, url: base.appendingPathComponent(path), headers: ["Content-Type": "application/json"], body: Data(body.utf8)))
        }
        let unknownField = try await send("PATCH", "v1/\(path.name)/ddl", #"{"statements":["CREATE TABLE T (Id INT64) PRIMARY KEY (Id)"],"operation_id":"x"}"#)
        #expect(unknownField.status == 400)
        #expect(SpannerError.from(response: unknownField).message.contains("Unknown name \"operation_id\""))
        let wrongType = try await send("PATCH", "v1/\(path.name)/ddl", #"{"statements":"CREATE TABLE T (Id INT64) PRIMARY KEY (Id)"}"#)
        #expect(wrongType.status == 400)
        let session = try await client.createSession(path)
        let badSeqno = try await send("POST", "v1/\(session.name):executeSql", #"{"sql":"SELECT 1","seqno":7}"#)
        #expect(badSeqno.status == 400, "seqno is an int64: a string on the wire")
        let trailingSemicolon = try await send("PATCH", "v1/\(path.name)/ddl", #"{"statements":["CREATE TABLE T (Id INT64) PRIMARY KEY (Id);"]}"#)
        #expect(trailingSemicolon.status == 400)
        let noSuchMethod = try await send("POST", "v1/\(path.name):frobnicate", "{}")
        #expect(noSuchMethod.status == 404)
    }

    @Test("mutations, reads and simple DML on version tables behave; sessions come and go")
    func data() async throws {
        let (server, client) = try await start(.emulator)
        defer { Task { await server.stop() } }
        _ = try await client.wait(
            for: try await client.updateDDL(
                path,
                statements: [
                    "CREATE TABLE ratchet_heads (Revision STRING(64) NOT NULL, AppliedAt TIMESTAMP OPTIONS (allow_commit_timestamp = true)) PRIMARY KEY (Revision)"
                ]))
        let session = try await client.createSession(path)
        _ = try await client.readWrite(session) { _ throws(SpannerError) in
            ((), [Mutation.insert(table: "ratchet_heads", columns: ["Revision", "AppliedAt"], values: [["a1", SpannerValue.commitTimestamp], ["b2", SpannerValue.commitTimestamp]])])
        }
        let all = try await client.executeSQL(session, sql: "SELECT Revision, AppliedAt FROM ratchet_heads")
        #expect(all.records.map { $0["Revision"]?.stringValue } == ["a1", "b2"])
        #expect(all.records[0]["AppliedAt"]?.stringValue?.hasSuffix("Z") == true, "the commit timestamp was filled in")
        let one = try await client.executeSQL(session, sql: "SELECT Revision FROM ratchet_heads WHERE Revision = @r", params: ["r": "b2"], paramTypes: ["r": "STRING"])
        #expect(one.records.count == 1)
        _ = try await client.readWrite(session) { id throws(SpannerError) in
            _ = try await client.executeSQL(session, sql: "DELETE FROM ratchet_heads WHERE Revision = @r", params: ["r": "a1"], paramTypes: ["r": "STRING"], transactionId: id, seqno: 1)
            return ((), [])
        }
        #expect(await server.rows(of: "ratchet_heads", in: path.name).count == 1)
        try await client.deleteSession(session)
        await #expect(throws: SpannerError.self) { try await client.executeSQL(session, sql: "SELECT Revision FROM ratchet_heads") }
    }
}

@Suite("REST test server: large requests")
struct LargeRequestTests {
    @Test("a schema change of 200 statements (a body well over 1 KiB) goes through URLSession")
    func largeBody() async throws {
        let server = try SpannerTestServer(envelope: .emulator)
        let url = try await server.start()
        defer { Task { await server.stop() } }
        let path = DatabasePath(project: "p", instance: "i", database: "d")
        try await server.createDatabase(path.name)
        let client = SpannerClient(baseURL: url, credentials: NoAuthentication(), sleeper: ImmediateSleeper(), adminRequestsPerSecond: 1000)
        let statements = (0..<200).map { "CREATE TABLE Table\($0) (Id INT64 NOT NULL, Name STRING(MAX)) PRIMARY KEY (Id)" }
        let done = try await client.wait(for: try await client.updateDDL(path, statements: statements))
        #expect(done.metadata?.committedCount == 200)
    }
}
