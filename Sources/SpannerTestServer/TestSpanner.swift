import Foundation
import SpannerDDL
import SpannerSchema

/// The state behind the REST test server: instances, databases with their schema (kept by
/// SpannerSchema's rule engine), schema operations, sessions, transactions, and the rows of
/// tables written through the data API.
actor TestSpanner {
    // MARK: - Configuration and faults

    var envelope: SpannerTestServer.Envelope
    var pollsToComplete: Int
    /// Faults waiting for their request, each for one database or (nil) for any.
    private var faults: [(fault: SpannerTestServer.Fault, database: String?)] = []
    /// The database the request being handled is for, so that a scoped fault finds its own.
    private var currentDatabase = ""
    /// Seconds each request waits before it is handled, as a network and a busy backend add.
    var latency: Double = 0
    /// Requests in flight by database, and the most databases ever served at once.
    private var inFlight: [String: Int] = [:]
    private(set) var peakDatabasesInFlight = 0
    /// When each admin-API request arrived, to find the busiest second.
    private var adminArrivals: [Date] = []
    private(set) var requestCounts: [String: Int] = [:]
    private(set) var schemaOperations = 0
    /// On the emulator, how long a schema change holds its database; read-write commits on it
    /// in that time are aborted, as the emulator allows one transaction or schema change at a time.
    var emulatorSchemaChangeSeconds: Double = 0
    private var schemaChangeUntil: [String: Date] = [:]

    init(envelope: SpannerTestServer.Envelope, pollsToComplete: Int) {
        self.envelope = envelope
        self.pollsToComplete = pollsToComplete
    }

    func setEmulatorSchemaChangeSeconds(_ seconds: Double) { emulatorSchemaChangeSeconds = seconds }

    /// Starts an emulator schema change's busy window on `database`; returns how long to hold
    /// the request before applying it (zero outside the emulator).
    func beginSchemaChange(_ database: String) -> Double {
        guard envelope == .emulator, emulatorSchemaChangeSeconds > 0 else { return 0 }
        schemaChangeUntil[database] = Date().addingTimeInterval(emulatorSchemaChangeSeconds)
        return emulatorSchemaChangeSeconds
    }

    func inject(_ fault: SpannerTestServer.Fault, database: String? = nil) { faults.append((fault, database)) }

    /// Takes a dropped-connection fault for `method`: nil when there is none, else whether the
    /// request is handled before the connection drops.
    func takeDrop(_ method: String, database: String) -> Bool? {
        currentDatabase = database
        guard case .dropConnection(_, let after)? = takeFault({ if case .dropConnection(let id, _) = $0 { id == method } else { false } }) else { return nil }
        requestCounts["dropped " + method, default: 0] += 1
        return after
    }
    func clearFaults() { faults.removeAll() }
    func setPollsToComplete(_ polls: Int) { pollsToComplete = polls }

    /// Removes and returns the first fault that matches.
    private func takeFault(_ matches: (SpannerTestServer.Fault) -> Bool) -> SpannerTestServer.Fault? {
        guard let index = faults.firstIndex(where: { matches($0.fault) && ($0.database == nil || $0.database == currentDatabase) }) else { return nil }
        return faults.remove(at: index).fault
    }

    // MARK: - Load

    /// Notes a request arriving: its database is in flight, and an admin request counts
    /// toward the busiest second.
    func begin(database: String, admin: Bool) {
        if admin { adminArrivals.append(Date()) }
        guard !database.isEmpty else { return }
        inFlight[database, default: 0] += 1
        peakDatabasesInFlight = max(peakDatabasesInFlight, inFlight.count)
    }

    func end(database: String) {
        guard !database.isEmpty, let count = inFlight[database] else { return }
        inFlight[database] = count > 1 ? count - 1 : nil
    }

    /// The most admin requests that arrived within any one second.
    func peakAdminRequestsPerSecond() -> Int {
        var peak = 0, start = 0
        for (index, arrival) in adminArrivals.enumerated() {
            while arrival.timeIntervalSince(adminArrivals[start]) >= 1 { start += 1 }
            peak = max(peak, index - start + 1)
        }
        return peak
    }

    func adminRequests() -> Int { adminArrivals.count }

    func resetLoad() {
        adminArrivals.removeAll()
        peakDatabasesInFlight = inFlight.count
    }

    func setLatency(_ seconds: Double) { latency = seconds }

    // MARK: - State

    struct Operation {
        var name: String
        var statements: [String]
        var commitTimestamps: [String]
        var error: (code: Int, message: String)?
        var polls = 0
        var pollsNeeded: Int
        /// Spanner finishes an operation whether or not anyone polls it: after this time at
        /// the latest (half a second per poll it would need).
        var created = Date()
        var done: Bool { polls >= pollsNeeded || Date().timeIntervalSince(created) >= Double(pollsNeeded) * 0.5 }
    }

    struct Database {
        var schema = Schema()
        var operations: [String: Operation] = [:]
        var operationOrder: [String] = []
        /// Rows by table key, each keyed by its primary-key values.
        var rows: [NameKey: [String: [String: JSON]]] = [:]
        /// Bumped by every commit, for optimistic concurrency.
        var version = 0
        /// A PostgreSQL-dialect database: DDL and queries are read in PostgreSQL, and the other
        /// dialect's syntax is refused, as Spanner refuses it.
        var postgreSQL: Bool { schema.dialect == .postgreSQL }
        var dialect: Dialect { schema.dialect }
    }

    struct Transaction {
        var session: String
        var database: String
        var startVersion: Int
        var readWrite: Bool
        var didRead = false
        var seqnos: Set<String> = []
    }

    private var instances: Set<String> = []
    private var databases: [String: Database] = [:]
    private var sessions: [String: String] = [:]
    private var transactions: [String: Transaction] = [:]
    private var clock = Date(timeIntervalSince1970: 1_800_000_000)

    private func timestamp() -> String {
        clock = clock.addingTimeInterval(0.001)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: clock)
    }

    // MARK: - Test helpers

    func addDatabase(_ name: String, ddl: [String], postgreSQL: Bool = false) throws {
        var database = Database()
        database.schema = Schema(dialect: postgreSQL ? .postgreSQL : .googleSQL)
        for text in ddl {
            let document = DDLDocument.parse(text, dialect: database.dialect)
            if let error = document.errors.first { throw ValidationFailure(error.message) }
            for statement in document.statementList { try database.schema.apply(statement) }
        }
        instances.insert(String(name.split(separator: "/").prefix(4).joined(separator: "/")))
        databases[name] = database
    }

    func apply(_ name: String, _ statements: [String]) throws {
        guard var database = databases[name] else { throw ValidationFailure("no database \(name)") }
        for text in statements {
            for statement in DDLDocument.parse(text, dialect: database.dialect).statementList { try database.schema.apply(statement) }
        }
        databases[name] = database
    }

    func ddl(_ name: String) -> [String]? { databases[name].map { database in database.schema.statements.map { DDLPrinter.sql($0, dialect: database.schema.dialect) } } }

    func rows(_ name: String, table: String) -> [[String: JSON]] {
        guard let rows = databases[name]?.rows[NameKey(ObjectName([Identifier(table)]))] else { return [] }
        return rows.keys.sorted().map { rows[$0]! }
    }

    func counts() -> (requests: [String: Int], schemaOperations: Int) { (requestCounts, schemaOperations) }

    // MARK: - Requests

    /// Answers one validated request: status and JSON body.
    func handle(method: SpannerTestServer.Method, path: [String], query: [String: String], body: JSON) -> (Int, JSON) {
        requestCounts[method.id, default: 0] += 1
        currentDatabase = path.count >= 7 ? path[1...6].joined(separator: "/") : ""
        if let fault = takeFault({ if case .unavailable = $0 { true } else { false } }), case .unavailable = fault {
            return error(.unavailable, "The service is currently unavailable (injected).")
        }
        if takeFault({ if case .alreadyExists(let id) = $0 { id == method.id } else { false } }) != nil {
            return error(.alreadyExists, "The resource already exists (injected).")
        }
        do {
            return (200, try dispatch(method, path, query, body))
        } catch let failure as Failure {
            return error(failure.code, failure.message)
        } catch {
            return self.error(.internal, "\(error)")
        }
    }

    struct Failure: Error {
        var code: Code
        var message: String
        init(_ code: Code, _ message: String) {
            self.code = code
            self.message = message
        }
    }

    enum Code: Int {
        case invalidArgument = 3, notFound = 5, alreadyExists = 6, failedPrecondition = 9, aborted = 10, `internal` = 13, unavailable = 14

        var http: Int {
            switch self {
            case .invalidArgument, .failedPrecondition: 400
            case .notFound: 404
            case .alreadyExists, .aborted: 409
            case .internal: 500
            case .unavailable: 503
            }
        }

        var status: String {
            switch self {
            case .invalidArgument: "INVALID_ARGUMENT"
            case .notFound: "NOT_FOUND"
            case .alreadyExists: "ALREADY_EXISTS"
            case .failedPrecondition: "FAILED_PRECONDITION"
            case .aborted: "ABORTED"
            case .internal: "INTERNAL"
            case .unavailable: "UNAVAILABLE"
            }
        }
    }

    func error(_ code: Code, _ message: String) -> (Int, JSON) {
        switch envelope {
        case .production:
            return (code.http, .object(["error": .object(["code": .number(Double(code.http)), "message": .string(message), "status": .string(code.status), "details": .array([])])]))
        case .emulator:
            return (code.http, .object(["code": .number(Double(code.rawValue)), "message": .string(message), "details": .array([])]))
        }
    }

    private func dispatch(_ method: SpannerTestServer.Method, _ path: [String], _ query: [String: String], _ body: JSON) throws -> JSON {
        let databaseName = path.count >= 7 ? path[1...6].joined(separator: "/") : ""
        switch method.id {
        case "spanner.projects.instances.create":
            let name = "projects/\(path[2])/instances/\(body["instanceId"]?.string ?? "")"
            guard instances.insert(name).inserted else { throw Failure(.alreadyExists, "Instance already exists: \(name)") }
            return .object(["name": .string(name + "/operations/create"), "done": .bool(true), "response": .object(["name": .string(name)])])
        case "spanner.projects.instances.databases.create":
            let instance = path[1...4].joined(separator: "/")
            guard instances.contains(instance) else { throw Failure(.notFound, "Instance not found: \(instance)") }
            let create = body["createStatement"]?.string ?? ""
            let postgreSQL = body["databaseDialect"]?.string == "POSTGRESQL"
            // GoogleSQL quotes the id with backticks, PostgreSQL with double quotes.
            guard let id = create.split(separator: postgreSQL ? "\"" : "`").dropFirst().first ?? create.split(separator: " ").last else {
                throw Failure(.invalidArgument, "Invalid createStatement")
            }
            let name = "\(instance)/databases/\(id)"
            guard databases[name] == nil else { throw Failure(.alreadyExists, "Database already exists: \(name)") }
            var database = Database()
            database.schema = Schema(dialect: postgreSQL ? .postgreSQL : .googleSQL)
            for text in body["extraStatements"]?.array?.compactMap(\.string) ?? [] {
                for statement in try parse(text, dialect: database.dialect) {
                    do { try database.schema.apply(statement) } catch { throw Failure(.failedPrecondition, error.message) }
                }
            }
            databases[name] = database
            return .object(["name": .string(name + "/operations/create"), "done": .bool(true), "response": .object(["name": .string(name), "state": "READY"])])
        case "spanner.projects.instances.databases.list":
            return try listDatabases(path[1...4].joined(separator: "/"), query)
        case "spanner.projects.instances.databases.get":
            let database = try database(databaseName)
            return .object(["name": .string(databaseName), "state": "READY", "databaseDialect": .string(database.postgreSQL ? "POSTGRESQL" : "GOOGLE_STANDARD_SQL")])
        case "spanner.projects.instances.databases.getDdl":
            let dialect = try database(databaseName).dialect
            var statements = try database(databaseName).schema.statements
            if envelope == .emulator {
                // The emulator's GetDatabaseDdl leaves out CREATE SCHEMA, roles and grants.
                statements.removeAll { statement in
                    switch statement {
                    case .createSchema, .createRole, .grant: true
                    default: false
                    }
                }
            }
            // GetDatabaseDdl names the database itself in ALTER DATABASE.
            let id = Identifier(String(databaseName.split(separator: "/").last ?? ""))
            statements = statements.map { statement in
                guard case .alterDatabase(var alter) = statement else { return statement }
                alter.name = id
                return .alterDatabase(alter)
            }
            return .object(["statements": .array(statements.map { .string(DDLPrinter.sql($0, dialect: dialect)) })])
        case "spanner.projects.instances.databases.updateDdl":
            return try updateDDL(databaseName, body)
        case "spanner.projects.instances.databases.operations.get":
            return try getOperation(databaseName, path.last!)
        case "spanner.projects.instances.databases.operations.list":
            let database = try database(databaseName)
            let filter = query["filter"] ?? ""
            let operations = database.operationOrder.compactMap { database.operations[$0] }.filter { operation in
                guard let quoted = filter.split(separator: "\"").dropFirst().first else { return true }
                return operation.name.contains(quoted)
            }
            return .object(["operations": .array(operations.map { operationJSON($0, databaseName) })])
        case "spanner.projects.instances.databases.sessions.create":
            _ = try database(databaseName)
            let name = "\(databaseName)/sessions/\(UUID().uuidString.lowercased())"
            sessions[name] = databaseName
            return .object(["name": .string(name)])
        case "spanner.projects.instances.databases.sessions.delete":
            let name = path[1...].joined(separator: "/")
            guard sessions.removeValue(forKey: name) != nil else { throw Failure(.notFound, "Session not found: \(name)") }
            return .object([:])
        case "spanner.projects.instances.databases.sessions.beginTransaction":
            let session = try session(path)
            let readWrite = body["options"]?["readWrite"] != nil || body["options"]?["partitionedDml"] != nil
            let id = Data(UUID().uuidString.utf8).base64EncodedString()
            transactions[id] = Transaction(session: session, database: sessions[session]!, startVersion: databases[sessions[session]!]!.version, readWrite: readWrite)
            return .object(["id": .string(id)])
        case "spanner.projects.instances.databases.sessions.commit":
            return try commit(try session(path), body)
        case "spanner.projects.instances.databases.sessions.rollback":
            _ = try session(path)
            transactions[body["transactionId"]?.string ?? ""] = nil
            return .object([:])
        case "spanner.projects.instances.databases.sessions.executeSql":
            return try executeSQL(try session(path), body)
        case "spanner.projects.instances.databases.sessions.read":
            return try read(try session(path), body)
        default:
            throw Failure(.invalidArgument, "the test server does not implement \(method.id)")
        }
    }

    /// ListDatabases: by name, a page at a time; the token is the last name of the page before.
    private func listDatabases(_ instance: String, _ query: [String: String]) throws -> JSON {
        guard instances.contains(instance) || databases.keys.contains(where: { $0.hasPrefix(instance + "/") }) else { throw Failure(.notFound, "Instance not found: \(instance)") }
        var size = Int(query["pageSize"] ?? "") ?? 0
        if size <= 0 || size > 100 { size = 100 }
        let after = query["pageToken"].flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) } ?? ""
        if let token = query["pageToken"], !token.isEmpty, after.isEmpty { throw Failure(.invalidArgument, "Invalid page token") }
        let names = databases.keys.filter { $0.hasPrefix(instance + "/databases/") && $0 > after }.sorted()
        let page = names.prefix(size)
        var answer: [String: JSON] = ["databases": .array(page.map { .object(["name": .string($0), "state": "READY"]) })]
        if names.count > size, let last = page.last { answer["nextPageToken"] = .string(Data(last.utf8).base64EncodedString()) }
        return .object(answer)
    }

    private func database(_ name: String) throws -> Database {
        guard let database = databases[name] else { throw Failure(.notFound, "Database not found: \(name)") }
        return database
    }

    private func session(_ path: [String]) throws -> String {
        var name = path[1...].joined(separator: "/")
        if let colon = name.lastIndex(of: ":") { name = String(name[..<colon]) }
        guard sessions[name] != nil else { throw Failure(.notFound, "Session not found: \(name)") }
        return name
    }

    private func parse(_ text: String, dialect: Dialect) throws -> [Statement] {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix(";") {
            throw Failure(.invalidArgument, "Error parsing Spanner DDL statement: \(text) : Syntax error on line 1: Unexpected ';'")
        }
        let document = DDLDocument.parse(text, dialect: dialect)
        if let error = document.errors.first { throw Failure(.invalidArgument, "Error parsing Spanner DDL statement: \(text) : \(error.message)") }
        return document.statementList
    }

    // MARK: - Schema changes

    private func updateDDL(_ name: String, _ body: JSON) throws -> JSON {
        var database = try database(name)
        if database.operations.values.contains(where: { !$0.done && $0.error == nil }) {
            throw Failure(.failedPrecondition, "Schema change operation rejected because a concurrent schema change operation or read-write transaction is already in progress.")
        }
        let texts = body["statements"]?.array?.compactMap(\.string) ?? []
        guard !texts.isEmpty else { throw Failure(.invalidArgument, "No statements in the request") }
        let id = body["operationId"]?.string ?? "auto_op_\(database.operationOrder.count + 1)"
        if body["operationId"]?.string != nil {
            let valid = id.count >= 2 && id.count <= 128 && id.first!.isLowercase && id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" } && id.allSatisfy(\.isASCII)
            guard valid else { throw Failure(.invalidArgument, "Invalid operation id \(id): it must match [a-z][a-z0-9_]*") }
        }
        guard database.operations[id] == nil else { throw Failure(.alreadyExists, "Operation \(name)/operations/\(id) already exists.") }
        // Every statement must parse before anything is queued.
        var statements: [Statement] = []
        for text in texts {
            let parsed = try parse(text, dialect: database.dialect)
            guard parsed.count == 1 else { throw Failure(.invalidArgument, "Each DDL statement must be a single statement: \(text)") }
            statements.append(parsed[0])
        }
        if case .refuseSchemaChange(let message)? = takeFault({ if case .refuseSchemaChange = $0 { true } else { false } }) {
            throw Failure(.failedPrecondition, message)
        }
        // Spanner validates the whole batch before it runs any of it: a statement its rules
        // refuse fails the request, creates no operation, and applies nothing.
        var validation = database.schema
        let databaseId = String(name.split(separator: "/").last ?? "")
        for statement in statements {
            if case .alterDatabase(let alter) = statement, alter.name.name != databaseId {
                throw Failure(.invalidArgument, "ALTER DATABASE names \(alter.name.name), but the request is for database \(databaseId)")
            }
            do { try validation.apply(statement) } catch { throw Failure(.failedPrecondition, "\(error.message): \(DDLPrinter.sql(statement, dialect: database.dialect))") }
        }
        let injected = takeFault { if case .failStatement = $0 { true } else { false } }
        var committed: [String] = []
        var failure: (Int, String)?
        for (index, statement) in statements.enumerated() {
            if case .failStatement(let at, let message)? = injected, at == index {
                failure = (Code.failedPrecondition.rawValue, message)
                break
            }
            do {
                try database.schema.apply(statement)
            } catch {
                failure = (Code.failedPrecondition.rawValue, error.message)
                break
            }
            committed.append(timestamp())
        }
        var polls = pollsToComplete
        if case .slowPolls(let count)? = takeFault({ if case .slowPolls = $0 { true } else { false } }) { polls += count }
        if envelope == .emulator { polls = 0 }  // the emulator answers with a done operation
        let operation = Operation(name: "\(name)/operations/\(id)", statements: texts, commitTimestamps: committed, error: failure, pollsNeeded: polls)
        database.operations[id] = operation
        database.operationOrder.append(id)
        databases[name] = database
        schemaOperations += 1
        return operationJSON(operation, name)
    }

    private func getOperation(_ name: String, _ id: String) throws -> JSON {
        var database = try database(name)
        guard var operation = database.operations[id] else { throw Failure(.notFound, "Operation not found: \(name)/operations/\(id)") }
        operation.polls += 1
        database.operations[id] = operation
        databases[name] = database
        return operationJSON(operation, name)
    }

    private func operationJSON(_ operation: Operation, _ database: String) -> JSON {
        // Progress appears statement by statement across the polls.
        let visible =
            operation.done
            ? operation.commitTimestamps.count
            : min(operation.commitTimestamps.count, operation.commitTimestamps.count * operation.polls / max(operation.pollsNeeded, 1))
        var metadata: [String: JSON] = [
            "@type": "type.googleapis.com/google.spanner.admin.database.v1.UpdateDatabaseDdlMetadata",
            "database": .string(database),
            "statements": .array(operation.statements.map(JSON.string)),
            "commitTimestamps": .array(operation.commitTimestamps.prefix(visible).map(JSON.string)),
        ]
        if envelope == .production {
            metadata["throttled"] = .bool(false)
            // As production reports it: each statement's percentage, with its start and end
            // times once it has them.
            metadata["progress"] = .array(
                operation.statements.indices.map { index in
                    var entry: [String: JSON] = ["progressPercent": .number(index < visible ? 100 : 0)]
                    if index < visible, index < operation.commitTimestamps.count {
                        entry["startTime"] = .string(operation.commitTimestamps[max(0, index - 1)])
                        entry["endTime"] = .string(operation.commitTimestamps[index])
                    }
                    return .object(entry)
                })
        }
        var json: [String: JSON] = ["name": .string(operation.name), "metadata": .object(metadata), "done": .bool(operation.done)]
        if operation.done, let error = operation.error {
            json["error"] = .object(["code": .number(Double(error.code)), "message": .string(error.message)])
        }
        return .object(json)
    }

    // MARK: - Data

    private func table(_ name: String, in database: Database) throws -> Table {
        guard let table = database.schema.table(ObjectName([Identifier(name)])) else { throw Failure(.notFound, "Table not found: \(name)") }
        return table
    }

    private static func key(_ row: [String: JSON], _ table: Table) -> String {
        table.primaryKey.map { part in
            let value = row.first { $0.key.caseInsensitiveCompare(part.column.name) == .orderedSame }?.value ?? .null
            return String(decoding: (try? JSONEncoder().encode(value)) ?? Data(), as: UTF8.self)
        }.joined(separator: "|")
    }

    private func commit(_ session: String, _ body: JSON) throws -> JSON {
        let name = sessions[session]!
        var database = try database(name)
        if let id = body["transactionId"]?.string {
            guard let transaction = transactions.removeValue(forKey: id) else { throw Failure(.notFound, "Transaction not found") }
            if takeFault({ if case .abortCommit = $0 { true } else { false } }) != nil {
                throw Failure(.aborted, "Transaction was aborted (injected).")
            }
            if let until = schemaChangeUntil[name], Date() < until {
                requestCounts["aborted during a schema change", default: 0] += 1
                throw Failure(.aborted, "Transaction was aborted: a schema change is in progress on the database.")
            }
            if transaction.didRead && transaction.startVersion != database.version {
                throw Failure(.aborted, "Transaction was aborted: it read data that another transaction changed.")
            }
        }
        let commitTime = timestamp()
        for mutation in body["mutations"]?.array ?? [] {
            guard case .object(let object) = mutation, let (kind, write) = object.first else { continue }
            let tableName = write["table"]?.string ?? ""
            let table = try table(tableName, in: database)
            let tableKey = NameKey(table.name)
            var rows = database.rows[tableKey] ?? [:]
            if kind == "delete" {
                if write["keySet"]?["all"]?.bool == true { rows = [:] }
                for key in write["keySet"]?["keys"]?.array ?? [] {
                    var row: [String: JSON] = [:]
                    for (part, value) in zip(table.primaryKey, key.array ?? []) { row[part.column.name] = value }
                    rows[Self.key(row, table)] = nil
                }
                database.rows[tableKey] = rows
                continue
            }
            let columns = write["columns"]?.array?.compactMap(\.string) ?? []
            for column in columns where table.column(Identifier(column)) == nil {
                throw Failure(.notFound, "Column not found in table \(tableName): \(column)")
            }
            for values in write["values"]?.array ?? [] {
                var row: [String: JSON] = [:]
                for (column, value) in zip(columns, values.array ?? []) {
                    let canonical = table.column(Identifier(column))!.name.name
                    row[canonical] = value == .string("spanner.commit_timestamp()") ? .string(commitTime) : value
                }
                let key = Self.key(row, table)
                switch kind {
                case "insert":
                    guard rows[key] == nil else { throw Failure(.alreadyExists, "Row [\(key)] in table \(tableName) already exists") }
                    rows[key] = row
                case "update":
                    guard let existing = rows[key] else { throw Failure(.notFound, "Row [\(key)] in table \(tableName) not found") }
                    rows[key] = existing.merging(row) { $1 }
                case "insertOrUpdate":
                    rows[key] = (rows[key] ?? [:]).merging(row) { $1 }
                default:
                    rows[key] = row
                }
            }
            database.rows[tableKey] = rows
        }
        database.version += 1
        databases[name] = database
        return .object(["commitTimestamp": .string(commitTime)])
    }

    private func markRead(_ body: JSON) {
        if let id = body["transaction"]?["id"]?.string, var transaction = transactions[id] {
            transaction.didRead = true
            transactions[id] = transaction
        }
    }

    private func read(_ session: String, _ body: JSON) throws -> JSON {
        let database = try database(sessions[session]!)
        let table = try table(body["table"]?.string ?? "", in: database)
        markRead(body)
        let columns = body["columns"]?.array?.compactMap(\.string) ?? []
        var rows = Array((database.rows[NameKey(table.name)] ?? [:]).values)
        if let keys = body["keySet"]?["keys"]?.array {
            let wanted = Set(
                keys.map { key -> String in
                    var row: [String: JSON] = [:]
                    for (part, value) in zip(table.primaryKey, key.array ?? []) { row[part.column.name] = value }
                    return Self.key(row, table)
                })
            rows = rows.filter { wanted.contains(Self.key($0, table)) }
        }
        rows.sort { Self.key($0, table) < Self.key($1, table) }
        return resultSet(columns: columns, rows: rows, table: table)
    }

    private func resultSet(columns: [String], rows: [[String: JSON]], table: Table) -> JSON {
        let fields: [JSON] = columns.map { .object(["name": .string($0), "type": .object(["code": "STRING"])]) }
        let values: [JSON] = rows.map { row in
            .array(columns.map { column in row.first { $0.key.caseInsensitiveCompare(column) == .orderedSame }?.value ?? .null })
        }
        return .object(["metadata": .object(["rowType": .object(["fields": .array(fields)])]), "rows": .array(values)])
    }

    /// A query for the query engine: counts and samples over the rows held here.
    private func query(_ sql: String, _ params: [String: JSON], _ database: Database) throws -> JSON {
        requestCounts["evaluated queries", default: 0] += 1
        let engine = QueryEngine(
            tables: { name in
                guard let table = database.schema.table(ObjectName([Identifier(name)])) else { return nil }
                return (table, Array((database.rows[NameKey(table.name)] ?? [:]).values))
            }, params: params, dialect: database.dialect)
        let result: QueryEngine.Result
        do { result = try engine.run(sql) } catch let failure as QueryEngine.Failure { throw Failure(.invalidArgument, failure.message) }
        let fields: [JSON] = result.columns.map { .object(["name": .string($0.name), "type": .object(["code": .string($0.type)])]) }
        return .object([
            "metadata": .object(["rowType": .object(["fields": .array(fields)])]),
            "rows": .array(result.rows.map { .array($0.map(QueryEngine.json)) }),
        ])
    }

    /// Seeds rows into a table directly, as data written before the test began.
    func insert(_ name: String, table tableName: String, rows: [[String: JSON]]) throws {
        guard var database = databases[name] else { throw Failure(.notFound, "Database not found: \(name)") }
        let table = try table(tableName, in: database)
        var stored = database.rows[NameKey(table.name)] ?? [:]
        for row in rows { stored[Self.key(row, table)] = row }
        database.rows[NameKey(table.name)] = stored
        database.version += 1
        databases[name] = database
    }

    /// `INFORMATION_SCHEMA.TABLES`: a row per table (TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME,
    /// TABLE_TYPE), the named schema's tables under its name, the default schema's under ''.
    private func informationSchemaTables(columns: [String], _ rest: ArraySlice<String>, _ params: [String: JSON], _ database: Database) throws -> JSON {
        var rows: [[String: JSON]] = database.schema.tables.values.sorted { $0.name.description < $1.name.description }.map { table in
            let parts = table.name.parts.map(\.name)
            // The default schema is '' in GoogleSQL and 'public' in PostgreSQL.
            let defaultSchema = database.postgreSQL ? "public" : ""
            return [
                "TABLE_CATALOG": "", "TABLE_SCHEMA": .string(parts.count > 1 ? parts[0] : defaultSchema), "TABLE_NAME": .string(parts.last ?? ""),
                "TABLE_TYPE": "BASE TABLE",
            ]
        }
        if let at = rest.firstIndex(where: { $0.uppercased() == "WHERE" }) {
            let condition = Array(rest[(at + 1)...].prefix { $0.uppercased() != "ORDER" })
            guard condition.count == 3, condition[1] == "=", condition[2].hasPrefix("@"), let value = params[String(condition[2].dropFirst())] else {
                throw Failure(.invalidArgument, "The test server understands WHERE col = @param on INFORMATION_SCHEMA.TABLES")
            }
            rows = rows.filter { $0[condition[0].uppercased()] == value }
        }
        let fields: [JSON] = columns.map { .object(["name": .string($0), "type": .object(["code": "STRING"])]) }
        return .object(["metadata": .object(["rowType": .object(["fields": .array(fields)])]), "rows": .array(rows.map { row in .array(columns.map { row[$0.uppercased()] ?? .null }) })])
    }

    /// `SELECT cols FROM T [WHERE col = @p] [ORDER BY col]`, and DML, which succeeds and
    /// reports the rows it matched in the tables kept here (`DELETE FROM T WHERE col = @p` and
    /// `DELETE FROM T WHERE TRUE` delete them).
    private func executeSQL(_ session: String, _ body: JSON) throws -> JSON {
        let name = sessions[session]!
        var database = try database(name)
        if database.postgreSQL, let sql = body["sql"]?.string, sql.contains("@") || sql.contains("`") {
            throw Failure(.invalidArgument, "syntax error at or near \"@\" (the database is PostgreSQL-dialect; parameters are $1, $2, ...)")
        }
        if !database.postgreSQL, let sql = body["sql"]?.string, sql.contains("$") {
            throw Failure(.invalidArgument, "Syntax error: Unexpected \"$\" (the database is GoogleSQL-dialect; parameters are @name)")
        }
        let sql = (body["sql"]?.string ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        // A quoted name is the name; a PostgreSQL parameter `$n` is sent as `pn`.
        func unquote(_ word: String) -> String {
            guard word.count >= 2, let first = word.first, first == "\"" || first == "`", word.last == first else { return word }
            return String(word.dropFirst().dropLast())
        }
        func parameterKey(_ word: String) -> String? {
            if word.hasPrefix("@") { return String(word.dropFirst()) }
            if database.postgreSQL, word.hasPrefix("$") { return "p" + word.dropFirst() }
            return nil
        }
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," }).map { unquote(String($0)) }
        let params = body["params"]?.object ?? [:]
        guard let verb = words.first?.uppercased() else { throw Failure(.invalidArgument, "Empty SQL") }
        func whereFilter(_ rest: ArraySlice<String>, _ table: Table) throws -> ([String: JSON]) -> Bool {
            guard let at = rest.firstIndex(where: { $0.uppercased() == "WHERE" }) else { return { _ in true } }
            let condition = Array(rest[(at + 1)...].prefix { $0.uppercased() != "ORDER" })
            if condition.map({ $0.uppercased() }) == ["TRUE"] { return { _ in true } }
            guard condition.count == 3, condition[1] == "=", let key = parameterKey(condition[2]) else {
                throw Failure(.invalidArgument, "The test server understands WHERE col = @param or WHERE TRUE, not: \(condition.joined(separator: " "))")
            }
            guard let value = params[key] else { throw Failure(.invalidArgument, "No value for parameter \(condition[2])") }
            let column = condition[0]
            return { row in row.first { $0.key.caseInsensitiveCompare(column) == .orderedSame }?.value == value }
        }
        switch verb {
        case "SELECT":
            guard let from = words.firstIndex(where: { $0.uppercased() == "FROM" }), from + 1 < words.count else {
                throw Failure(.invalidArgument, "The test server understands SELECT columns FROM table")
            }
            if words.count > 1 && (words[1].uppercased().hasPrefix("COUNT(") || sql.uppercased().contains(" LIMIT ")) {
                markRead(body)
                return try query(sql, params, database)
            }
            if words[from + 1].uppercased() == "INFORMATION_SCHEMA.TABLES" {
                return try informationSchemaTables(columns: Array(words[1..<from]), words[(from + 2)...].map { word in parameterKey(word).map { "@" + $0 } ?? word }[...], params, database)
            }
            let table = try table(words[from + 1], in: database)
            markRead(body)
            let columns = Array(words[1..<from])
            let filter = try whereFilter(words[(from + 2)...], table)
            var rows = (database.rows[NameKey(table.name)] ?? [:]).values.filter(filter)
            rows.sort { Self.key($0, table) < Self.key($1, table) }
            return resultSet(columns: columns, rows: rows, table: table)
        case "INSERT", "UPDATE", "DELETE":
            guard body["transaction"]?["singleUse"] == nil else { throw Failure(.invalidArgument, "DML statements can only be performed in a read-write or partitioned-dml transaction.") }
            if body["transaction"]?["id"] != nil, body["seqno"] == nil { throw Failure(.invalidArgument, "DML requires a seqno") }
            let targetIndex = verb == "UPDATE" ? 1 : (words.count > 2 && ["INTO", "FROM"].contains(words[1].uppercased()) ? 2 : 1)
            guard targetIndex < words.count else { throw Failure(.invalidArgument, "Invalid DML: \(sql)") }
            let table = try table(words[targetIndex], in: database)
            var count = 0
            if verb == "DELETE" {
                let filter = try whereFilter(words[(targetIndex + 1)...], table)
                var rows = database.rows[NameKey(table.name)] ?? [:]
                for (key, row) in rows where filter(row) { rows[key] = nil; count += 1 }
                database.rows[NameKey(table.name)] = rows
                database.version += 1
                databases[name] = database
            }
            return .object(["metadata": .object([:]), "stats": .object(["rowCountExact": .string(String(count))])])
        default:
            throw Failure(.invalidArgument, "The test server does not understand: \(sql)")
        }
    }
}
