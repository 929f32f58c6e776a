import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// A Spanner REST server on 127.0.0.1 for tests: the endpoints Ratchet uses, every request held
/// to the discovery document, DDL through SpannerSchema's rule engine, schema operations with
/// configurable polls and progress, both error envelopes, and faults on demand.
public final class SpannerTestServer: Sendable {
    public enum Envelope: Sendable {
        /// `{"error":{"code":<HTTP>,"message":...,"status":...}}`, and operations that need polling.
        case production
        /// `{"code":<gRPC>,"message":...}`, and schema operations that are done at once.
        case emulator
    }

    /// A fault to inject; each is used once, by the first request it applies to.
    public enum Fault: Sendable {
        /// The next schema change fails at statement `index` (earlier statements stay applied).
        case failStatement(index: Int, message: String)
        /// The next request gets 503 UNAVAILABLE.
        case unavailable
        /// The next read-write commit is aborted.
        case abortCommit
        /// The next schema operation needs `count` more polls before it is done.
        case slowPolls(count: Int)
        /// The next request to API method `method` (a discovery id such as
        /// `spanner.projects.instances.databases.updateDdl`) loses its connection: before the
        /// server acts on it, or after (the change is made and the answer is lost, the case a
        /// client must not repeat blindly). The status line and headers are sent, then the
        /// connection closes in the middle of the body.
        case dropConnection(method: String, afterHandling: Bool)
        /// The next request to API method `method` fails with ALREADY_EXISTS.
        case alreadyExists(method: String)
        /// The next schema change is refused as a whole before it runs (as Spanner does with a
        /// statement that fails validation): FAILED_PRECONDITION, no operation, nothing applied.
        case refuseSchemaChange(message: String)
    }

    public struct Method: Sendable {
        public var id: String
    }

    let state: TestSpanner
    private let document: DiscoveryDocument
    private let server: HTTPServer
    private let task: Mutex<Task<Void, any Error>?> = Mutex(nil)

    public init(envelope: Envelope = .production, pollsToComplete: Int = 2) throws {
        state = TestSpanner(envelope: envelope, pollsToComplete: pollsToComplete)
        document = try DiscoveryDocument.load()
        server = HTTPServer(address: try sockaddr_in.inet(ip4: "127.0.0.1", port: 0), timeout: 60, logger: .disabled)
    }

    /// Starts listening; returns the base URL (`http://127.0.0.1:PORT/`).
    public func start() async throws -> URL {
        let handler = Handler(state: state, document: document)
        await server.appendRoute("*", to: handler)
        let running = Task { try await server.run() }
        task.withLock { $0 = running }
        try await server.waitUntilListening()
        guard case .ip4(_, let port)? = await server.listeningAddress else { throw ValidationFailure("the server has no address") }
        return URL(string: "http://127.0.0.1:\(port)/")!
    }

    public func stop() async {
        await server.stop()
        task.withLock { $0?.cancel() }
    }

    // MARK: - Control

    public func inject(_ fault: Fault) async { await state.inject(fault) }
    /// Injects a fault that only requests for `database` take.
    public func inject(_ fault: Fault, database: String) async { await state.inject(fault, database: database) }
    /// Every request waits `seconds` before it is handled.
    public func setLatency(_ seconds: Double) async { await state.setLatency(seconds) }
    public func clearFaults() async { await state.clearFaults() }
    public func setPollsToComplete(_ polls: Int) async { await state.setPollsToComplete(polls) }
    /// Emulator only: each schema change holds its database this long, and read-write commits
    /// on the database meanwhile are aborted (the emulator runs one at a time).
    public func setEmulatorSchemaChangeSeconds(_ seconds: Double) async { await state.setEmulatorSchemaChangeSeconds(seconds) }

    /// Creates a database (and its instance) directly, with optional DDL.
    public func createDatabase(_ name: String, ddl: [String] = []) async throws { try await state.addDatabase(name, ddl: ddl) }

    /// Creates a PostgreSQL-dialect database, which refuses GoogleSQL DDL and queries.
    public func createPostgreSQLDatabase(_ name: String, ddl: [String] = []) async throws { try await state.addDatabase(name, ddl: ddl, postgreSQL: true) }

    /// Changes a database's schema directly, as someone working by hand would.
    public func applyDDL(_ name: String, _ statements: [String]) async throws { try await state.apply(name, statements) }

    /// The database's schema as GetDatabaseDdl returns it.
    public func ddl(of name: String) async -> [String]? { await state.ddl(name) }

    /// Writes rows into a table directly (JSON values as Spanner encodes them: INT64 as a
    /// decimal string), as data that was there before the test.
    public func insert(_ rows: [[String: JSON]], into table: String, in database: String) async throws { try await state.insert(database, table: table, rows: rows) }

    /// Rows kept for a table (written by mutations), in key order.
    public func rows(of table: String, in database: String) async -> [[String: JSON]] { await state.rows(database, table: table) }

    /// Requests by API method id, and the number of schema operations started.
    public func counters() async -> (requests: [String: Int], schemaOperations: Int) { await state.counts() }

    /// The load the server has seen since it started or `resetLoad()`: the most databases with
    /// a request in flight at once, the most admin-API requests within one second, and the
    /// admin-API requests in all. Admin requests are those outside the data API's sessions.
    public func load() async -> (peakDatabasesInFlight: Int, peakAdminRequestsPerSecond: Int, adminRequests: Int) {
        (await state.peakDatabasesInFlight, await state.peakAdminRequestsPerSecond(), await state.adminRequests())
    }

    public func resetLoad() async { await state.resetLoad() }
}

/// Validates each request against the discovery document, then hands it to the state.
struct Handler: HTTPHandler {
    let state: TestSpanner
    let document: DiscoveryDocument

    func handleRequest(_ request: FlyingFox.HTTPRequest) async throws -> FlyingFox.HTTPResponse {
        let path = request.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        guard let method = document.method(request.method.rawValue, path.joined(separator: "/")) else {
            return await respond(state.error(.notFound, "No API method for \(request.method.rawValue) \(request.path)"))
        }
        var query: [String: String] = [:]
        for item in request.query {
            guard method.parameters.contains(item.name) else {
                return await respond(state.error(.invalidArgument, "Invalid JSON payload received. Unknown name \"\(item.name)\": Cannot bind query parameter."))
            }
            query[item.name] = item.value
        }
        let data = try await request.bodyData
        var body = JSON.object([:])
        if !data.isEmpty {
            guard let decoded = try? JSONDecoder().decode(JSON.self, from: data) else {
                return await respond(state.error(.invalidArgument, "Invalid JSON payload received."))
            }
            body = decoded
        }
        if let schema = method.requestSchema {
            do {
                try document.validate(body, against: schema)
            } catch {
                return await respond(state.error(.invalidArgument, "\(error)"))
            }
        } else if !data.isEmpty && body != .object([:]) {
            return await respond(state.error(.invalidArgument, "\(method.id) takes no request body"))
        }
        let database = path.count >= 7 && path[5] == "databases" ? path[1...6].joined(separator: "/") : ""
        await state.begin(database: database, admin: !method.id.contains(".sessions."))
        let latency = await state.latency
        if latency > 0 { try? await Task.sleep(nanoseconds: UInt64(latency * 1_000_000_000)) }
        let answer = try await answer(method, path: path, query: query, body: body, database: database)
        await state.end(database: database)
        return answer
    }

    private func answer(_ method: DiscoveryDocument.Method, path: [String], query: [String: String], body: JSON, database: String) async throws -> FlyingFox.HTTPResponse {
        if method.id == "spanner.projects.instances.databases.updateDdl" {
            // The emulator applies DDL while the request waits, holding the database.
            let hold = await state.beginSchemaChange(path.dropFirst().prefix(6).joined(separator: "/"))
            if hold > 0 { try? await Task.sleep(nanoseconds: UInt64(hold * 1_000_000_000)) }
        }
        let drop = await state.takeDrop(method.id, database: database)
        if drop == false { return Self.dropped() }
        let answer = await state.handle(method: SpannerTestServer.Method(id: method.id), path: path, query: query, body: body)
        if drop == true { return Self.dropped() }
        return await respond(answer)
    }

    /// A response whose body fails after the headers: the connection closes mid-answer.
    private static func dropped() -> FlyingFox.HTTPResponse {
        FlyingFox.HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"], body: HTTPBodySequence(from: BrokenBody(), count: 64))
    }

    private func respond(_ answer: (Int, JSON)) async -> FlyingFox.HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(answer.1)) ?? Data("{}".utf8)
        return FlyingFox.HTTPResponse(statusCode: HTTPStatusCode(answer.0, phrase: ""), headers: [.contentType: "application/json"], body: data)
    }
}
