import Foundation

/// Cloud Spanner's REST API: the admin calls migrations need (DDL, operations, databases) and
/// the data calls the version tables need (sessions, SQL, DML, mutations). It knows nothing of
/// migrations.
public struct SpannerClient: Sendable {
    public let baseURL: URL
    public let transport: any SpannerTransport
    public let credentials: any AccessTokenProvider
    public var retry: RetryPolicy
    let sleeper: any Sleeper
    private let limiter: AdminRateLimiter

    /// Production Spanner.
    public static let productionURL = URL(string: "https://spanner.googleapis.com/")!

    public init(
        baseURL: URL = SpannerClient.productionURL, transport: any SpannerTransport = URLSessionTransport(),
        credentials: any AccessTokenProvider, retry: RetryPolicy = RetryPolicy(), sleeper: any Sleeper = TaskSleeper(),
        adminRequestsPerSecond: Double = 5, adminLimiter: AdminRateLimiter? = nil
    ) {
        self.baseURL = baseURL
        self.transport = transport
        self.credentials = credentials
        self.retry = retry
        self.sleeper = sleeper
        // The quota is real time, whatever sleeper the retries use. Clients of one project's
        // databases share a limiter, since the quota is the project's, not each database's.
        self.limiter = adminLimiter ?? AdminRateLimiter(requestsPerSecond: adminRequestsPerSecond)
    }

    /// The emulator's REST endpoint (`host:port`, port 9020 by default), without credentials.
    public static func emulator(
        _ hostAndPort: String, transport: any SpannerTransport = URLSessionTransport(), sleeper: any Sleeper = TaskSleeper(), adminLimiter: AdminRateLimiter? = nil
    ) -> SpannerClient {
        let address = hostAndPort.contains(":") ? hostAndPort : hostAndPort + ":9020"
        return SpannerClient(
            baseURL: URL(string: "http://\(address)/")!, transport: transport, credentials: NoAuthentication(), sleeper: sleeper, adminRequestsPerSecond: 1000,
            adminLimiter: adminLimiter)
    }

    // MARK: - Admin: DDL and operations

    public func getDDL(_ database: DatabasePath) async throws(SpannerError) -> [String] {
        let response: GetDatabaseDdlResponse = try await call("GET", "v1/\(database.name)/ddl", admin: true)
        return response.statements ?? []
    }

    /// Starts a schema change. With `operationId`, sending the same id again fails with
    /// ALREADY_EXISTS instead of applying twice.
    public func updateDDL(_ database: DatabasePath, statements: [String], operationId: String? = nil) async throws(SpannerError) -> Operation {
        var body: [String: JSONValue] = ["statements": .array(statements.map(JSONValue.string))]
        if let operationId { body["operationId"] = .string(operationId) }
        return try await call("PATCH", "v1/\(database.name)/ddl", body: .object(body), admin: true, idempotent: operationId != nil)
    }

    public func getOperation(_ name: String) async throws(SpannerError) -> Operation {
        try await call("GET", "v1/\(name)", admin: true)
    }

    /// Operations of a database, optionally filtered (AIP-160 syntax, such as `name:"abc"`).
    public func listOperations(_ database: DatabasePath, filter: String? = nil) async throws(SpannerError) -> [Operation] {
        struct Page: Codable { var operations: [Operation]?; var nextPageToken: String? }
        var operations: [Operation] = []
        var token: String?
        repeat {
            var query: [URLQueryItem] = []
            if let filter { query.append(URLQueryItem(name: "filter", value: filter)) }
            if let token { query.append(URLQueryItem(name: "pageToken", value: token)) }
            let page: Page = try await call("GET", "v1/\(database.name)/operations", query: query, admin: true)
            operations += page.operations ?? []
            token = page.nextPageToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return operations
    }

    /// Polls an operation until it is done: first after about a second, then backing off to
    /// `maximumInterval`. `progress` sees every poll. Cancelling the task stops waiting; it
    /// never cancels the operation.
    public func wait(for operation: Operation, maximumInterval: Double = 10, progress: @Sendable (Operation) -> Void = { _ in }) async throws(SpannerError) -> Operation {
        var current = operation
        var interval = 1.0
        progress(current)
        while !current.isDone {
            do {
                try await sleeper.sleep(seconds: interval)
            } catch {
                throw SpannerError(source: .transport, code: .cancelled, message: "stopped waiting for \(current.name); the operation goes on in Spanner")
            }
            current = try await getOperation(current.name)
            progress(current)
            interval = min(maximumInterval, interval * 1.5)
        }
        return current
    }

    // MARK: - Admin: databases and instances

    public func getDatabase(_ database: DatabasePath) async throws(SpannerError) -> Database {
        try await call("GET", "v1/\(database.name)", admin: true)
    }

    /// The databases of an instance (`projects/P/instances/I`), every page of them.
    public func listDatabases(instance: String) async throws(SpannerError) -> [Database] {
        struct Page: Codable { var databases: [Database]?; var nextPageToken: String? }
        var databases: [Database] = []
        var token: String?
        repeat {
            var query = [URLQueryItem(name: "pageSize", value: "100")]
            if let token { query.append(URLQueryItem(name: "pageToken", value: token)) }
            let page: Page = try await call("GET", "v1/\(instance)/databases", query: query, admin: true)
            databases += page.databases ?? []
            token = page.nextPageToken.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return databases
    }

    /// Creates a database; `databaseDialect` is `GOOGLE_STANDARD_SQL` (nil) or `POSTGRESQL`,
    /// and the create statement quotes the name the way that dialect does.
    public func createDatabase(_ database: DatabasePath, databaseDialect: String? = nil, extraStatements: [String] = []) async throws(SpannerError) -> Operation {
        let postgreSQL = databaseDialect == "POSTGRESQL"
        var body: [String: JSONValue] = [
            "createStatement": .string(postgreSQL ? "CREATE DATABASE \"\(database.database)\"" : "CREATE DATABASE `\(database.database)`"),
            "extraStatements": .array(extraStatements.map(JSONValue.string)),
        ]
        if let databaseDialect { body["databaseDialect"] = .string(databaseDialect) }
        return try await call("POST", "v1/\(database.instanceName)/databases", body: .object(body), admin: true, idempotent: false)
    }

    /// Creates an instance on the emulator's `emulator-config`.
    public func createEmulatorInstance(project: String, instance: String) async throws(SpannerError) -> Operation {
        let body: JSONValue = .object([
            "instanceId": .string(instance),
            "instance": .object([
                "config": .string("projects/\(project)/instanceConfigs/emulator-config"),
                "displayName": .string(instance), "nodeCount": .number(1),
            ]),
        ])
        return try await call("POST", "v1/projects/\(project)/instances", body: body, admin: true, idempotent: false)
    }

    // MARK: - Data: sessions, transactions, SQL

    public func createSession(_ database: DatabasePath) async throws(SpannerError) -> Session {
        try await call("POST", "v1/\(database.name)/sessions", body: .object(["session": .object(["labels": .object(["client": "ratchet"])])]), idempotent: false)
    }

    public func deleteSession(_ session: Session) async throws(SpannerError) {
        let _: JSONValue = try await call("DELETE", "v1/\(session.name)")
    }

    public enum TransactionMode: Sendable {
        case readWrite, readOnly, partitionedDML

        var json: JSONValue {
            switch self {
            case .readWrite: .object(["readWrite": .object([:])])
            case .readOnly: .object(["readOnly": .object(["strong": true])])
            case .partitionedDML: .object(["partitionedDml": .object([:])])
            }
        }
    }

    public func beginTransaction(_ session: Session, _ mode: TransactionMode) async throws(SpannerError) -> TransactionInfo {
        try await call("POST", "v1/\(session.name):beginTransaction", body: .object(["options": mode.json]))
    }

    /// Runs SQL. `transactionId` nil: a single-use strong read-only transaction.
    public func executeSQL(
        _ session: Session, sql: String, params: [String: JSONValue] = [:], paramTypes: [String: String] = [:],
        transactionId: String? = nil, seqno: Int64? = nil
    ) async throws(SpannerError) -> ResultSet {
        var body: [String: JSONValue] = ["sql": .string(sql)]
        if !params.isEmpty {
            body["params"] = .object(params)
            body["paramTypes"] = .object(paramTypes.mapValues { .object(["code": .string($0)]) })
        }
        body["transaction"] = transactionId.map { .object(["id": .string($0)]) } ?? .object(["singleUse": .object(["readOnly": .object(["strong": true])])])
        if let seqno { body["seqno"] = .string(String(seqno)) }
        return try await call("POST", "v1/\(session.name):executeSql", body: .object(body), idempotent: transactionId == nil)
    }

    public func commit(_ session: Session, transactionId: String, mutations: [Mutation]) async throws(SpannerError) -> CommitResponse {
        try await call(
            "POST", "v1/\(session.name):commit",
            body: .object(["transactionId": .string(transactionId), "mutations": .array(mutations.map(\.json))]), idempotent: false)
    }

    public func rollback(_ session: Session, transactionId: String) async throws(SpannerError) {
        let _: JSONValue = try await call("POST", "v1/\(session.name):rollback", body: .object(["transactionId": .string(transactionId)]), idempotent: false)
    }

    /// Runs `body` in a read-write transaction and commits its mutations, retrying the whole
    /// transaction when Spanner aborts it (as it does under contention, and on the emulator
    /// while a schema change runs).
    public func readWrite<T: Sendable>(
        _ session: Session, attempts: Int = 10,
        _ body: @Sendable (_ transactionId: String) async throws(SpannerError) -> (T, [Mutation])
    ) async throws(SpannerError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            let transaction: TransactionInfo
            do {
                transaction = try await beginTransaction(session, .readWrite)
            } catch  where error.code == .aborted && attempt < attempts {
                // The emulator aborts even the begin while a schema change runs.
                try? await sleeper.sleep(seconds: retry.delay(beforeRetry: attempt) / 4)
                continue
            }
            guard let id = transaction.id else { throw .decoding("beginTransaction returned no transaction id") }
            do {
                let (result, mutations) = try await body(id)
                _ = try await commit(session, transactionId: id, mutations: mutations)
                return result
            } catch  where error.code == .aborted && attempt < attempts {
                try? await sleeper.sleep(seconds: retry.delay(beforeRetry: attempt) / 4)
                continue
            } catch {
                // Release the transaction's locks now rather than when Spanner times it out, so
                // another process waiting on the same rows is not held up. Best effort: after a
                // commit whose answer was lost, this fails harmlessly.
                if error.code != .aborted { try? await rollback(session, transactionId: id) }
                throw error
            }
        }
    }

    // MARK: - The wire

    private static func decode<Response: Decodable>(_ type: Response.Type, _ response: HTTPResponse, what: String) throws(SpannerError) -> Response {
        do {
            return try JSONDecoder().decode(Response.self, from: response.body)
        } catch {
            throw SpannerError.decoding("\(what): the response does not decode as \(Response.self): \(error)", status: response.status)
        }
    }

    private func call<Response: Decodable>(
        _ method: String, _ path: String, query: [URLQueryItem] = [], body: JSONValue? = nil, admin: Bool = false, idempotent: Bool = true
    ) async throws(SpannerError) -> Response {
        var components = URLComponents(url: baseURL.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        if !query.isEmpty { components.queryItems = query }
        // `:executeSql` and the like must not be percent-encoded.
        guard let url = URL(string: components.string!.replacingOccurrences(of: "%3A", with: ":")) else {
            throw .decoding("cannot build a URL for \(path)")
        }
        let data: Data?
        do {
            data = try body.map { try JSONEncoder().encode($0) }
        } catch {
            throw .decoding("cannot encode the request body for \(path)")
        }
        var attempt = 0
        let started = ContinuousClock.now
        while true {
            attempt += 1
            if admin { await limiter.acquire() }
            var request = HTTPRequest(method: method, url: url, headers: ["Accept": "application/json", "User-Agent": "ratchet"], body: data)
            if data != nil { request.headers["Content-Type"] = "application/json" }
            if let authorization = try await credentials.authorization() {
                request.headers["Authorization"] = "Bearer \(authorization.accessToken)"
                if let project = authorization.quotaProject { request.headers["X-Goog-User-Project"] = project }
            }
            let failure: SpannerError
            do throws(SpannerError) {
                let response = try await transport.send(request)
                if (200..<300).contains(response.status) {
                    if Response.self == JSONValue.self && response.body.isEmpty { return JSONValue.null as! Response }
                    return try Self.decode(Response.self, response, what: "\(method) \(path)")
                }
                var error = SpannerError.from(response: response)
                if response.status == 401 || response.status == 403 {
                    if let caching = credentials as? CachingTokenProvider { await caching.invalidate() }
                    error.message += " (credentials: \(credentials.source))"
                    throw error
                }
                failure = error
            } catch {
                guard error.isRetryable else { throw error }
                failure = error
            }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let delay = retry.delay(beforeRetry: attempt)
            guard failure.isRetryable, idempotent || failure.source != .transport, attempt < retry.maximumAttempts,
                seconds + delay < retry.maximumElapsed
            else {
                guard failure.source == .transport else { throw failure }
                // Name the endpoint, the call and how long it was tried: "timed out" alone says
                // nothing of where or what.
                var named = failure
                named.message = "no usable answer from \(baseURL.absoluteString) to \(method) \(path) after \(Int(seconds.rounded())) s and \(attempt) attempt\(attempt == 1 ? "" : "s"): \(failure.message)"
                throw named
            }
            try? await sleeper.sleep(seconds: delay)
        }
    }
}
