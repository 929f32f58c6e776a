import Crypto
import _CryptoExtras
import Foundation
import SpannerClient
import Synchronization
import Testing

/// A scripted wire: answers requests in order and keeps them for inspection.
final class FakeTransport: SpannerTransport, @unchecked Sendable {
    typealias Handler = @Sendable (HTTPRequest) throws(SpannerError) -> HTTPResponse
    private let state = Mutex<(requests: [HTTPRequest], handler: Handler?)>(([], nil))

    init(_ handler: Handler? = nil) { state.withLock { $0.handler = handler } }

    var requests: [HTTPRequest] { state.withLock { $0.requests } }

    func send(_ request: HTTPRequest) async throws(SpannerError) -> HTTPResponse {
        let handler = state.withLock { state -> Handler? in
            state.requests.append(request)
            return state.handler
        }
        guard let handler else { return HTTPResponse(status: 200, body: Data("{}".utf8)) }
        return try handler(request)
    }
}

/// Records waits instead of waiting.
final class RecordingSleeper: Sleeper, @unchecked Sendable {
    private let waits = Mutex<[Double]>([])
    var recorded: [Double] { waits.withLock { $0 } }
    func sleep(seconds: Double) async throws { waits.withLock { $0.append(seconds) } }
}

func json(_ status: Int, _ text: String) -> HTTPResponse { HTTPResponse(status: status, body: Data(text.utf8)) }

let database = DatabasePath(project: "p", instance: "i", database: "d")

@Suite("Spanner client")
struct SpannerClientTests {
    @Test(
        "the three error envelopes decode to one error with the gRPC code, HTTP status and message",
        arguments: [
            (404, #"{"error":{"code":404,"message":"Database not found: d","status":"NOT_FOUND","details":[]}}"#, GRPCCode.notFound, "Database not found: d"),
            (400, #"{"code":3,"message":"Duplicate name in schema: Singers.","details":[]}"#, GRPCCode.invalidArgument, "Duplicate name in schema: Singers."),
            (409, #"{"error":"Transaction aborted","code":10,"message":"Transaction was aborted."}"#, GRPCCode.aborted, "Transaction was aborted."),
            (503, "upstream connect error", GRPCCode.unavailable, "upstream connect error"),
        ])
    func envelopes(_ status: Int, _ body: String, _ code: GRPCCode, _ message: String) {
        let error = SpannerError.from(response: json(status, body))
        #expect(error.code == code)
        #expect(error.httpStatus == status)
        #expect(error.message == message)
    }

    @Test("requests follow the REST contract: method, path, body fields")
    func requestShapes() async throws {
        let transport = FakeTransport { request throws(SpannerError) in
            if request.url.path.hasSuffix("/ddl") && request.method == "PATCH" {
                return json(200, #"{"name":"projects/p/instances/i/databases/d/operations/op_1","done":false}"#)
            }
            return json(200, #"{"statements":["CREATE TABLE T (\n  Id INT64,\n) PRIMARY KEY(Id)"]}"#)
        }
        let client = SpannerClient(transport: transport, credentials: StaticToken("secret-token", source: "a test"), sleeper: RecordingSleeper(), adminRequestsPerSecond: 1000)
        let ddl = try await client.getDDL(database)
        #expect(ddl.count == 1)
        let operation = try await client.updateDDL(database, statements: ["CREATE TABLE U (Id INT64) PRIMARY KEY(Id)"], operationId: "ratchet_abc")
        #expect(operation.name.hasSuffix("op_1"))
        let requests = transport.requests
        #expect(requests[0].method == "GET")
        #expect(requests[0].url.absoluteString == "https://spanner.googleapis.com/v1/projects/p/instances/i/databases/d/ddl")
        #expect(requests[0].headers["Authorization"] == "Bearer secret-token")
        #expect(requests[1].method == "PATCH")
        let body = try #require(try JSONSerialization.jsonObject(with: requests[1].body!) as? [String: Any])
        #expect(Set(body.keys) == ["statements", "operationId"])
        #expect(body["operationId"] as? String == "ratchet_abc")
    }

    @Test("retryable failures back off and retry; others fail at once")
    func retries() async throws {
        let count = Mutex(0)
        let transport = FakeTransport { _ throws(SpannerError) in
            let attempt = count.withLock {
                $0 += 1; return $0
            }
            return attempt < 3 ? json(503, #"{"error":{"code":503,"message":"try later","status":"UNAVAILABLE"}}"#) : json(200, #"{"statements":[]}"#)
        }
        let sleeper = RecordingSleeper()
        let client = SpannerClient(transport: transport, credentials: NoAuthentication(), sleeper: sleeper, adminRequestsPerSecond: 1000)
        _ = try await client.getDDL(database)
        #expect(transport.requests.count == 3)
        #expect(sleeper.recorded.count == 2)
        #expect(sleeper.recorded[1] >= sleeper.recorded[0] / 2)

        let refusing = FakeTransport { _ throws(SpannerError) in json(400, #"{"code":3,"message":"bad DDL"}"#) }
        let strict = SpannerClient(transport: refusing, credentials: NoAuthentication(), sleeper: RecordingSleeper())
        await #expect(throws: SpannerError.self) { try await strict.getDDL(database) }
        #expect(refusing.requests.count == 1)
    }

    @Test("a lost connection is not retried for a request that is not idempotent")
    func noBlindRetry() async throws {
        let transport = FakeTransport { _ throws(SpannerError) in throw SpannerError(source: .transport, code: .unavailable, message: "connection reset") }
        let client = SpannerClient(transport: transport, credentials: NoAuthentication(), sleeper: RecordingSleeper())
        await #expect(throws: SpannerError.self) { try await client.commit(Session(name: "s"), transactionId: "t", mutations: []) }
        #expect(transport.requests.count == 1)
        await #expect(throws: SpannerError.self) { try await client.getDDL(database) }
        #expect(transport.requests.count == 1 + RetryPolicy().maximumAttempts)
    }

    @Test("operations are polled after about a second, backing off, with progress seen at every poll")
    func polling() async throws {
        let polls = Mutex(0)
        let transport = FakeTransport { _ throws(SpannerError) in
            let poll = polls.withLock {
                $0 += 1; return $0
            }
            let done = poll >= 4
            let committed = (0..<min(poll, 2)).map { _ in "\"2026-11-25T10:00:00Z\"" }.joined(separator: ",")
            return json(200, #"{"name":"ops/1","done":\#(done),"metadata":{"@type":"type.googleapis.com/google.spanner.admin.database.v1.UpdateDatabaseDdlMetadata","statements":["A","B"],"commitTimestamps":[\#(committed)],"throttled":false}}"#)
        }
        let sleeper = RecordingSleeper()
        let client = SpannerClient(transport: transport, credentials: NoAuthentication(), sleeper: sleeper, adminRequestsPerSecond: 1000)
        let seen = Mutex<[Int]>([])
        let start = Operation(name: "ops/1", done: false, error: nil, metadata: nil)
        let finished = try await client.wait(for: start) { operation in seen.withLock { $0.append(operation.metadata?.committedCount ?? 0) } }
        #expect(finished.isDone)
        #expect(seen.withLock { $0 } == [0, 1, 2, 2, 2])
        let waits = sleeper.recorded
        #expect(waits.first == 1.0)
        #expect(waits == waits.sorted())
    }

    @Test("an operation error decodes with its gRPC code")
    func operationError() throws {
        let operation = try JSONDecoder().decode(Operation.self, from: Data(#"{"name":"ops/2","done":true,"error":{"code":9,"message":"Cannot add NOT NULL column"},"metadata":{"commitTimestamps":["2026-11-25T10:00:00Z"]}}"#.utf8))
        let error = SpannerError.from(status: operation.error!)
        #expect(error.code == .failedPrecondition)
        #expect(operation.metadata?.committedCount == 1)
    }

    @Test("401 names the credential source and never the token")
    func unauthorized() async throws {
        let transport = FakeTransport { _ throws(SpannerError) in json(401, #"{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}"#) }
        let client = SpannerClient(transport: transport, credentials: StaticToken("ya29.very-secret", source: "RATCHET_ACCESS_TOKEN"), sleeper: RecordingSleeper())
        do {
            _ = try await client.getDDL(database)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unauthenticated)
            #expect(error.description.contains("RATCHET_ACCESS_TOKEN"))
            #expect(!error.description.contains("ya29"))
        }
    }

    @Test("read-write transactions are retried whole when Spanner aborts them")
    func abortedTransactions() async throws {
        let commits = Mutex(0)
        let transport = FakeTransport { request throws(SpannerError) in
            if request.url.path.hasSuffix(":beginTransaction") { return json(200, #"{"id":"dHg="}"#) }
            if request.url.path.hasSuffix(":commit") {
                let attempt = commits.withLock {
                    $0 += 1; return $0
                }
                return attempt < 3 ? json(409, #"{"error":{"code":409,"message":"aborted","status":"ABORTED"}}"#) : json(200, #"{"commitTimestamp":"2026-11-25T10:00:00Z"}"#)
            }
            return json(200, "{}")
        }
        let client = SpannerClient(transport: transport, credentials: NoAuthentication(), sleeper: RecordingSleeper())
        let runs = Mutex(0)
        let value = try await client.readWrite(Session(name: "projects/p/instances/i/databases/d/sessions/s")) { _ throws(SpannerError) in
            runs.withLock { $0 += 1 }
            return (42, [Mutation.insert(table: "T", columns: ["Id"], values: [[SpannerValue.int64(1)]])])
        }
        #expect(value == 42)
        #expect(runs.withLock { $0 } == 3)
        let commitBody = try #require(try JSONSerialization.jsonObject(with: transport.requests.last!.body!) as? [String: Any])
        let mutation = try #require((commitBody["mutations"] as? [[String: Any]])?.first?["insert"] as? [String: Any])
        #expect((mutation["values"] as? [[Any]])?.first?.first as? String == "1", "INT64 values travel as strings")
    }

    @Test("a read-write transaction that fails for another reason is rolled back at once, releasing its locks")
    func rollbackOnFailure() async throws {
        let transport = FakeTransport { request throws(SpannerError) in
            if request.url.path.hasSuffix(":beginTransaction") { return json(200, #"{"id":"dHg="}"#) }
            if request.url.path.hasSuffix(":executeSql") { return json(400, #"{"error":{"code":400,"message":"bad query","status":"INVALID_ARGUMENT"}}"#) }
            return json(200, "{}")
        }
        let client = SpannerClient(transport: transport, credentials: NoAuthentication(), sleeper: RecordingSleeper())
        let session = Session(name: "projects/p/instances/i/databases/d/sessions/s")
        await #expect(throws: SpannerError.self) {
            try await client.readWrite(session) { id throws(SpannerError) in
                _ = try await client.executeSQL(session, sql: "SELECT nonsense", transactionId: id, seqno: 1)
                return ((), [])
            }
        }
        let paths = transport.requests.map(\.url.path)
        #expect(paths.last?.hasSuffix(":rollback") == true, "\(paths)")
        #expect(!paths.contains { $0.hasSuffix(":commit") })
        let body = try #require(try JSONSerialization.jsonObject(with: transport.requests.last!.body!) as? [String: Any])
        #expect(body["transactionId"] as? String == "dHg=")
    }
}

@Suite("Credentials")
struct CredentialsTests {
    static func serviceAccount() throws -> (json: [String: Any], key: _RSA.Signing.PrivateKey) {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        return (
            [
                "type": "service_account", "client_email": "migrator@p.iam.gserviceaccount.com", "private_key_id": "kid-1",
                "private_key": key.pemRepresentation, "token_uri": "https://oauth2.example.test/token", "quota_project_id": "billing-p",
            ], key
        )
    }

    @Test("the service-account JWT is RS256, verifies with the key's public part, and carries the right claims")
    func jwt() throws {
        let (keyJSON, key) = try Self.serviceAccount()
        let fixed = Date(timeIntervalSince1970: 1_800_000_000)
        let credentials = try ServiceAccountCredentials(json: keyJSON, source: "test key", transport: FakeTransport(), now: { fixed })
        let parts = try credentials.assertion().split(separator: ".").map(String.init)
        #expect(parts.count == 3)
        func decode(_ text: String) -> Data {
            var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while base64.count % 4 != 0 { base64 += "=" }
            return Data(base64Encoded: base64)!
        }
        let header = try #require(try JSONSerialization.jsonObject(with: decode(parts[0])) as? [String: Any])
        #expect(header["alg"] as? String == "RS256")
        #expect(header["kid"] as? String == "kid-1")
        let claims = try #require(try JSONSerialization.jsonObject(with: decode(parts[1])) as? [String: Any])
        #expect(claims["iss"] as? String == "migrator@p.iam.gserviceaccount.com")
        #expect(claims["aud"] as? String == "https://oauth2.example.test/token")
        #expect(claims["iat"] as? Int == 1_800_000_000)
        #expect(claims["exp"] as? Int == 1_800_003_600)
        #expect((claims["scope"] as? String)?.contains("spanner.admin") == true)
        let signature = _RSA.Signing.RSASignature(rawRepresentation: decode(parts[2]))
        #expect(key.publicKey.isValidSignature(signature, for: SHA256.hash(data: Data((parts[0] + "." + parts[1]).utf8)), padding: .insecurePKCS1v1_5))
    }

    @Test("tokens are exchanged at token_uri, cached, and refreshed before they expire")
    func refresh() async throws {
        let (keyJSON, _) = try Self.serviceAccount()
        let issued = Mutex(0)
        let transport = FakeTransport { request throws(SpannerError) in
            let body = String(decoding: request.body ?? Data(), as: UTF8.self)
            #expect(request.url.absoluteString == "https://oauth2.example.test/token")
            #expect(body.hasPrefix("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion="))
            let n = issued.withLock {
                $0 += 1; return $0
            }
            return json(200, #"{"access_token":"token-\#(n)","expires_in":3600,"token_type":"Bearer"}"#)
        }
        let clock = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        let now: @Sendable () -> Date = { clock.withLock { $0 } }
        let provider = CachingTokenProvider(try ServiceAccountCredentials(json: keyJSON, source: "test key", transport: transport, now: now), now: now)
        #expect(try await provider.authorization()?.accessToken == "token-1")
        #expect(try await provider.authorization()?.quotaProject == "billing-p")
        clock.withLock { $0 = $0.addingTimeInterval(3000) }
        #expect(try await provider.authorization()?.accessToken == "token-1", "still more than five minutes left")
        clock.withLock { $0 = $0.addingTimeInterval(400) }
        #expect(try await provider.authorization()?.accessToken == "token-2", "refreshed before expiry")
        #expect(transport.requests.count == 2)
    }

    @Test("application default credentials: the env variable, then the gcloud file, then the metadata server")
    func adcOrder() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ratchet-adc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let user = directory.appendingPathComponent("application_default_credentials.json")
        try Data(#"{"type":"authorized_user","client_id":"c","client_secret":"s","refresh_token":"r"}"#.utf8).write(to: user)
        let (keyJSON, _) = try Self.serviceAccount()
        let keyFile = directory.appendingPathComponent("key.json")
        try JSONSerialization.data(withJSONObject: keyJSON).write(to: keyFile)

        let fromVariable = try ApplicationDefaultCredentials.resolve(environment: ["GOOGLE_APPLICATION_CREDENTIALS": keyFile.path, "CLOUDSDK_CONFIG": directory.path], transport: FakeTransport())
        #expect(fromVariable.source.hasPrefix("GOOGLE_APPLICATION_CREDENTIALS"))
        let fromGcloud = try ApplicationDefaultCredentials.resolve(environment: ["CLOUDSDK_CONFIG": directory.path], transport: FakeTransport())
        #expect(fromGcloud.source.contains("gcloud"))
        let fromMetadata = try ApplicationDefaultCredentials.resolve(environment: ["HOME": "/nonexistent", "GCE_METADATA_HOST": "169.254.169.254"], transport: FakeTransport())
        #expect(fromMetadata.source.contains("169.254.169.254"))
        #expect(throws: SpannerError.self) { try ApplicationDefaultCredentials.resolve(environment: ["GOOGLE_APPLICATION_CREDENTIALS": "/nonexistent.json"], transport: FakeTransport()) }
    }
}

@Suite("Application Default Credentials")
struct ApplicationDefaultCredentialsTests {
    @Test("with no key file and no metadata server, the error says no credentials were found and where Ratchet looked")
    func noCredentials() async throws {
        let transport = FakeTransport { request throws(SpannerError) in
            throw SpannerError(source: .transport, code: .unavailable, message: "cannot resolve \(request.url.host ?? "")")
        }
        let provider = try ApplicationDefaultCredentials.resolve(environment: ["HOME": "/nonexistent"], transport: transport, fileExists: { _ in false })
        do {
            _ = try await provider.authorization()
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("no Google credentials found"), "\(error.message)")
            #expect(error.message.contains("GOOGLE_APPLICATION_CREDENTIALS: not set"))
            #expect(error.message.contains("/nonexistent/.config/gcloud/application_default_credentials.json: no such file"))
            #expect(error.message.contains("metadata server metadata.google.internal: unreachable"))
        }
    }
}

@Suite("Unanswered requests")
struct UnansweredRequestTests {
    @Test("a peer that never answers is retried a bounded number of times, and the error names the endpoint and the call")
    func boundedAndNamed() async throws {
        let transport = FakeTransport { request throws(SpannerError) in
            throw SpannerError(source: .transport, code: .unavailable, message: "GET \(request.url.path): The request timed out.")
        }
        let client = SpannerClient(transport: transport, credentials: NoAuthentication(), sleeper: RecordingSleeper(), adminRequestsPerSecond: 1000)
        do {
            _ = try await client.getDDL(database)
            Issue.record("expected an error")
        } catch {
            #expect(transport.requests.count == RetryPolicy().maximumAttempts)
            #expect(error.message.contains("no usable answer from https://spanner.googleapis.com/ to GET"), "\(error.message)")
            #expect(error.message.contains("6 attempts"))
            #expect(error.message.contains("timed out"))
        }
    }

    @Test("the whole wait is bounded by the policy's maximum elapsed time")
    func elapsedBound() async throws {
        let transport = FakeTransport { request throws(SpannerError) in
            throw SpannerError(source: .transport, code: .unavailable, message: "timed out")
        }
        // A policy with no time for a retry: one attempt only.
        let client = SpannerClient(
            transport: transport, credentials: NoAuthentication(), retry: RetryPolicy(maximumElapsed: 0),
            sleeper: RecordingSleeper(), adminRequestsPerSecond: 1000)
        await #expect(throws: SpannerError.self) { _ = try await client.getDDL(database) }
        #expect(transport.requests.count == 1)
    }
}
