import Foundation
import SpannerClient
import SpannerDDL
import SpannerSchema

/// A live Spanner database as migrations see it: its version tables, its lease lock, and its
/// schema. Everything goes through `SpannerClient`.
public actor LiveDatabase {
    public nonisolated let client: SpannerClient
    public nonisolated let path: DatabasePath
    public nonisolated let tables: VersionTables
    /// The emulator's GetDatabaseDdl leaves out CREATE SCHEMA and roles (and so grants), so a
    /// reflected schema is completed from what the revisions say (SPANNER-FACTS section 2).
    public nonisolated let isEmulator: Bool
    private var session: Session?
    private var versionTablesSeen = false

    public init(client: SpannerClient, path: DatabasePath, tables: VersionTables, isEmulator: Bool = false) {
        self.client = client
        self.path = path
        self.tables = tables
        self.isEmulator = isEmulator
    }

    func currentSession() async throws(SpannerError) -> Session {
        if let session { return session }
        let created = try await client.createSession(path)
        session = created
        return created
    }

    /// Deletes the session; call when the command ends.
    public func close() async {
        if let session { try? await client.deleteSession(session) }
        session = nil
    }

    /// Runs `body`, then deletes the session, whether `body` succeeded or not.
    public nonisolated func closing<T>(_ body: () async throws(RatchetError) -> T) async throws(RatchetError) -> T {
        let result: Result<T, RatchetError>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        await close()
        return try result.get()
    }

    /// The live schema, from GetDatabaseDdl, without Ratchet's version tables.
    ///
    /// On the emulator, whose GetDatabaseDdl omits CREATE SCHEMA, CREATE ROLE and GRANT, the
    /// named schemas that objects live in are put back, and so are the roles and grants of
    /// `expected` (the schema the applied revisions produce), which nothing else can report.
    public func reflect(completingFrom expected: Schema? = nil) async throws(RatchetError) -> Schema {
        let ddl: [String]
        do { ddl = try await client.getDDL(path) } catch { throw RatchetError(.database, "cannot read the database's schema: \(error)") }
        // A PostgreSQL-dialect database's DDL is not GoogleSQL: say so, rather than report
        // its first statement as a syntax error.
        // (An empty answer is asked about too: a new PostgreSQL-dialect database has no DDL.)
        let dialect = tables.dialect
        if ddl.first.map({ DDLDocument.parse($0, dialect: dialect).hasErrors }) ?? true, let refusal = await dialectRefusal() { throw refusal }
        let own = Set([tables.heads, tables.history, tables.lock].map { $0.lowercased() })
        var statements: [Statement] = []
        for text in ddl {
            let document = DDLDocument.parse(text, fileName: "GetDatabaseDdl", dialect: dialect)
            if let error = document.errors.first { throw RatchetError(.database, "the database's DDL does not parse: \(error.message): \(text)") }
            for statement in document.statementList {
                if case .createTable(let table) = statement, table.name.parts.count == 1, own.contains(table.name.base.name.lowercased()) { continue }
                statements.append(statement)
            }
        }
        if isEmulator { statements = Self.namedSchemas(of: statements, expected: expected) + statements }
        var schema: Schema
        do {
            schema = try Schema(replaying: statements, dialect: dialect)
        } catch {
            throw RatchetError(.database, "the database's schema does not replay: \(error.message)")
        }
        if isEmulator, let expected {
            let statements = expected.statements
            for case .createRole(let role) in statements where schema.roles[NameKey(ObjectName(role))] == nil {
                try? schema.apply(.createRole(role))
            }
            for case .grant(let grant) in statements {
                try? schema.apply(.grant(grant))
            }
        }
        return schema
    }

    /// CREATE SCHEMA for every named schema the statements put objects in (or `expected` has)
    /// that they do not create themselves.
    static func namedSchemas(of statements: [Statement], expected: Schema?) -> [Statement] {
        var created = Set<String>(), used: [String: Identifier] = [:]
        func use(_ name: ObjectName) {
            if name.parts.count > 1 { used[name.parts[0].name.lowercased()] = name.parts[0] }
        }
        for statement in statements {
            switch statement {
            case .createSchema(let schema): created.insert(schema.name.name.lowercased())
            case .createTable(let table): use(table.name)
            case .createIndex(let index): use(index.name); use(index.table)
            case .createView(let view): use(view.name)
            case .createSequence(let sequence): use(sequence.name)
            case .createChangeStream(let stream): use(stream.name)
            default: break
            }
        }
        for name in expected?.namedSchemas.values ?? [:].values { used[name.name.lowercased()] = name }
        return used.keys.sorted().filter { !created.contains($0) }.map { .createSchema(CreateSchema(name: used[$0]!)) }
    }

    // MARK: - Version tables

    /// Creates the version tables when they are missing (one schema operation, first use only).
    /// Returns whether it had to.
    @discardableResult
    public func ensureVersionTables() async throws(SpannerError) -> Bool {
        var attempt = 0
        while true {
            attempt += 1
            let missing = try await missingVersionTables()
            guard !missing.isEmpty else { return false }
            do throws(SpannerError) {
                let operation = try await client.updateDDL(path, statements: missing)
                let done = try await client.wait(for: operation)
                if let error = done.error { throw SpannerError.from(status: error) }
                versionTablesSeen = true
                return true
            } catch  where attempt < 5 && [GRPCCode.alreadyExists, .aborted, .failedPrecondition, .unavailable].contains(error.code) {
                // Another run's first use created them at the same moment (or its schema change
                // aborted ours): look again, after a pause.
                versionTablesSeen = false
                try? await Task.sleep(nanoseconds: UInt64(attempt) * 500_000_000)
            }
        }
    }

    /// The error for a database whose dialect is not the project's, or nil when they agree (and
    /// when the dialect cannot be read: the original failure is then the one to report).
    ///
    /// Asked only once something failed in a way a database of the other dialect would make it
    /// fail (a query in the wrong dialect is INVALID_ARGUMENT, DDL in it does not parse), so a
    /// healthy run spends no admin request on it.
    public func dialectRefusal() async -> RatchetError? {
        guard let reported = try? await client.getDatabase(path).databaseDialect else { return nil }
        // An unspecified dialect is GoogleSQL, as Spanner creates it.
        let actual = Dialect(name: reported) ?? .googleSQL
        guard actual != tables.dialect else { return nil }
        return RatchetError(
            .database,
            "\(path.name) is a \(actual.displayName)-dialect database (databaseDialect \(actual.apiName)), but this project's dialect is \(tables.dialect.displayName); nothing was sent. Point the project at a \(tables.dialect.displayName)-dialect database, or set dialect = \"\(actual.rawValue)\" in ratchet.toml if the project is meant to be \(actual.displayName)"
        )
    }

    /// Whether the version tables exist (a database Ratchet never ran on has none).
    public func hasVersionTables() async throws(SpannerError) -> Bool {
        try await missingVersionTables().isEmpty
    }

    private func missingVersionTables() async throws(SpannerError) -> [String] {
        // Once seen, the tables stay: Ratchet never drops them, so one look a command is enough.
        // The look is a query of the information schema over the data API, not GetDatabaseDdl:
        // admin requests are limited to 5 a second per project, which a fleet of databases
        // shares, and data requests are not.
        if versionTablesSeen { return [] }
        let session = try await currentSession()
        let rows: ResultSet
        do {
            let schema = tables.parameter(1, "schema")
            // The default schema is '' in GoogleSQL and 'public' in PostgreSQL.
            let sql =
                tables.dialect == .postgreSQL
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = \(schema.sql)"
                : "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = \(schema.sql)"
            rows = try await client.executeSQL(
                session, sql: sql, params: [schema.key: .string(tables.dialect == .postgreSQL ? "public" : "")], paramTypes: [schema.key: "STRING"])
        } catch  where error.code == .invalidArgument {
            // A query in one dialect is a syntax error on a database of the other.
            if let refusal = await dialectRefusal() { throw SpannerError(source: .server, code: .invalidArgument, message: refusal.message) }
            throw error
        }
        // Table names are unique case-insensitively.
        let existing = Set(rows.records.compactMap { ($0["TABLE_NAME"] ?? $0["table_name"])?.stringValue?.lowercased() })
        let missing = zip([tables.heads, tables.history, tables.lock], tables.createStatements).filter { !existing.contains($0.0.lowercased()) }.map(\.1)
        versionTablesSeen = missing.isEmpty
        return missing
    }

    // MARK: - The lease lock

    /// Takes the lock for `lease` seconds, unless someone else holds an unexpired lease.
    /// Returns nil when taken, or the current holder.
    ///
    /// `replacing` names a holder known to be dead (a process on this host that no longer
    /// exists): its lease is taken over at once.
    public func acquireLock(owner: String, lease: TimeInterval, now: Date = Date(), replacing dead: String? = nil) async throws(SpannerError) -> LockHolder? {
        let session = try await currentSession()
        let lockTable = tables.lock
        let tables = self.tables
        let idParameter = tables.parameter(1, "id")
        let client = self.client
        return try await client.readWrite(session) { id throws(SpannerError) in
            let rows = try await client.executeSQL(
                session, sql: "SELECT \(tables.list(["Owner", "Acquired", "Expires"])) FROM \(tables.spell(lockTable)) WHERE \(tables.spell("Id")) = \(idParameter.sql)",
                params: [idParameter.key: SpannerValue.int64(1)], paramTypes: [idParameter.key: "INT64"], transactionId: id)
            if let row = rows.records.first, let holder = row["Owner"]?.stringValue, holder != owner, holder != dead,
                let expires = row["Expires"]?.stringValue, let expiry = Timestamp.parse(expires), expiry > now
            {
                return (LockHolder(owner: holder, acquired: row["Acquired"]?.stringValue ?? "", expires: expires), [])
            }
            let values: [JSONValue] = [SpannerValue.int64(1), .string(owner), SpannerValue.timestamp(now), SpannerValue.timestamp(now.addingTimeInterval(lease))]
            return (nil, [.insertOrUpdate(table: lockTable, columns: ["Id", "Owner", "Acquired", "Expires"], values: [values])])
        }
    }

    /// Extends the lease, if `owner` still holds it. Returns false when the lock was lost.
    public func renewLock(owner: String, lease: TimeInterval, now: Date = Date()) async throws(SpannerError) -> Bool {
        let session = try await currentSession()
        let lockTable = tables.lock
        let tables = self.tables
        let idParameter = tables.parameter(1, "id")
        let client = self.client
        return try await client.readWrite(session) { id throws(SpannerError) in
            let rows = try await client.executeSQL(
                session, sql: "SELECT \(tables.spell("Owner")) FROM \(tables.spell(lockTable)) WHERE \(tables.spell("Id")) = \(idParameter.sql)",
                params: [idParameter.key: SpannerValue.int64(1)], paramTypes: [idParameter.key: "INT64"], transactionId: id)
            guard rows.records.first?["Owner"]?.stringValue == owner else { return (false, []) }
            return (true, [.update(table: lockTable, columns: ["Id", "Expires"], values: [[SpannerValue.int64(1), SpannerValue.timestamp(now.addingTimeInterval(lease))]])])
        }
    }

    /// Releases the lock if `owner` holds it.
    public func releaseLock(owner: String) async throws(SpannerError) {
        let session = try await currentSession()
        let lockTable = tables.lock
        let tables = self.tables
        let idParameter = tables.parameter(1, "id")
        let client = self.client
        try await client.readWrite(session) { id throws(SpannerError) in
            let rows = try await client.executeSQL(
                session, sql: "SELECT \(tables.spell("Owner")) FROM \(tables.spell(lockTable)) WHERE \(tables.spell("Id")) = \(idParameter.sql)",
                params: [idParameter.key: SpannerValue.int64(1)], paramTypes: [idParameter.key: "INT64"], transactionId: id)
            guard rows.records.first?["Owner"]?.stringValue == owner else { return ((), []) }
            return ((), [.delete(table: lockTable, keys: [[SpannerValue.int64(1)]])])
        }
    }

    // MARK: - Recorded state

    /// A row of the history table.
    public struct HistoryEntry: Sendable, Hashable {
        public var runId: String
        public var step: Int64
        public var revision: String
        public var direction: StepDirection
        public var state: RevisionState
        public var statementsApplied: Int64
        public var checksum: String
        public var operation: OperationSlice?
        public var committedAt: String?
        /// The user that ran the step (`USER` of the process).
        public var who: String?
        /// How long the step's statements took: the schema operations and DML it was part of.
        public var durationMs: Int64?

        public init(
            runId: String, step: Int64, revision: String, direction: StepDirection, state: RevisionState, statementsApplied: Int64, checksum: String,
            operation: OperationSlice? = nil, committedAt: String? = nil, who: String? = nil, durationMs: Int64? = nil
        ) {
            self.who = who
            self.durationMs = durationMs
            self.runId = runId
            self.step = step
            self.revision = revision
            self.direction = direction
            self.state = state
            self.statementsApplied = statementsApplied
            self.checksum = checksum
            self.operation = operation
            self.committedAt = committedAt
        }

        /// The row as every target reports history.
        public var record: HistoryRecord {
            HistoryRecord(
                revision: revision, direction: direction, state: state, statements: Int(statementsApplied), checksum: checksum, operation: operation,
                at: committedAt, who: who, durationMs: durationMs)
        }
    }

    /// A read-only query at a strong timestamp, in a single-use transaction.
    public func query(_ sql: String) async throws(SpannerError) -> ResultSet {
        let session = try await currentSession()
        return try await client.executeSQL(session, sql: sql)
    }

    /// The recorded heads with their upgrade checksums; the applied revisions are the heads
    /// and their ancestors.
    public func recordedHeads() async throws(SpannerError) -> [String: String] {
        let session = try await currentSession()
        let rows = try await client.executeSQL(session, sql: "SELECT \(tables.list(["Revision", "UpgradeChecksum"])) FROM \(tables.spell(tables.heads))")
        var applied: [String: String] = [:]
        for row in rows.records {
            if let revision = row["Revision"]?.stringValue { applied[revision] = row["UpgradeChecksum"]?.stringValue ?? "" }
        }
        return applied
    }

    /// Every history row, oldest first.
    public func history() async throws(RatchetError) -> [HistoryEntry] {
        let rows: ResultSet
        do {
            let session = try await currentSession()
            let columns = ["RunId", "Step", "Revision", "Direction", "State", "StatementsApplied", "Checksum", "Operation", "CommittedAt", "Who", "DurationMs"]
            rows = try await client.executeSQL(session, sql: "SELECT \(tables.list(columns)) FROM \(tables.spell(tables.history))")
        } catch {
            throw RatchetError(.database, "cannot read the history table \(tables.history): \(error)")
        }
        var entries: [HistoryEntry] = []
        for row in rows.records {
            entries.append(
                HistoryEntry(
                    runId: row["RunId"]?.stringValue ?? "", step: row["Step"]?.int64Value ?? 0, revision: row["Revision"]?.stringValue ?? "",
                    direction: try StepDirection(recorded: row["Direction"]?.stringValue ?? ""), state: try RevisionState(recorded: row["State"]?.stringValue ?? ""),
                    statementsApplied: row["StatementsApplied"]?.int64Value ?? 0, checksum: row["Checksum"]?.stringValue ?? "",
                    operation: row["Operation"]?.stringValue.flatMap(OperationSlice.init(recorded:)), committedAt: row["CommittedAt"]?.stringValue,
                    who: row["Who"]?.stringValue, durationMs: row["DurationMs"]?.int64Value))
        }
        return entries.sorted { ($0.committedAt ?? "", $0.runId, $0.step) < ($1.committedAt ?? "", $1.runId, $1.step) }
    }

    /// Writes history rows and head changes in one transaction.
    public func record(_ entries: [HistoryEntry], addedHeads applied: [(revision: String, checksum: String)] = [], removedHeads removed: [String] = []) async throws(SpannerError) {
        let session = try await currentSession()
        var mutations: [Mutation] = []
        if !entries.isEmpty {
            mutations.append(
                .insertOrUpdate(
                    table: tables.history, columns: ["RunId", "Step", "Revision", "Direction", "State", "StatementsApplied", "Checksum", "Operation", "Who", "CommittedAt", "DurationMs"],
                    values: entries.map { entry in
                        [
                            .string(entry.runId), SpannerValue.int64(entry.step), .string(entry.revision), .string(entry.direction.rawValue), .string(entry.state.rawValue),
                            SpannerValue.int64(entry.statementsApplied), .string(entry.checksum), SpannerValue.string(entry.operation?.description),
                            .string(entry.who ?? ProcessUser.name), SpannerValue.commitTimestamp, entry.durationMs.map { SpannerValue.int64($0) } ?? .null,
                        ]
                    }))
        }
        if !applied.isEmpty {
            mutations.append(
                .insertOrUpdate(
                    table: tables.heads, columns: ["Revision", "UpgradeChecksum", "AppliedAt"],
                    values: applied.map { [.string($0.revision), .string($0.checksum), SpannerValue.commitTimestamp] }))
        }
        if !removed.isEmpty {
            mutations.append(.delete(table: tables.heads, keys: removed.map { [.string($0)] }))
        }
        let batch = mutations
        try await client.readWrite(session) { _ throws(SpannerError) in ((), batch) }
    }
}
