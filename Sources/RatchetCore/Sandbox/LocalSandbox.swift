import Foundation
import GRDB

/// The local sandbox: a Spanner schema and its version tables in one SQLite file.
///
/// It holds the schema as canonical DDL, never table data. Every change is one SQLite
/// transaction, so a failed or interrupted run leaves the file as it was.
public final class LocalSandbox: Sendable {
    public let path: String
    let prefix: String
    private let queue: DatabaseQueue?

    /// What the sandbox holds.
    public struct State: Sendable, Hashable {
        /// Canonical DDL of the schema, replayable in order.
        public var ddl: String
        public var applied: [String: AppliedRevision]
        public var appliedIds: Set<String> { Set(applied.keys) }
    }

    public struct AppliedRevision: Sendable, Hashable {
        public var id: String
        public var upgradeChecksum: String
        public var downgradeChecksum: String
        public var appliedAt: String
    }

    /// One row of the history table.
    public struct HistoryRow: Sendable, Hashable {
        public var revision: String
        public var direction: StepDirection
        public var state: RevisionState
        public var statementsApplied: Int
        public var dmlSkipped: Int
        public var checksum: String
        public var durationMilliseconds: Int
        public var note: String
        /// Who ran the step and when; filled in when the row is written.
        public var who: String = ""
        public var at: String = ""

        /// The row as every target reports history.
        public var record: HistoryRecord {
            HistoryRecord(
                revision: revision, direction: direction, state: state, statements: statementsApplied, checksum: checksum, at: at, who: who,
                durationMs: Int64(durationMilliseconds), note: note)
        }
    }

    /// Opens the sandbox at `path`. Without `create`, a missing file reads as an empty database
    /// and nothing is written to disk.
    public init(path: String, prefix: String, create: Bool) throws(RatchetError) {
        self.path = path
        self.prefix = prefix
        if !create && !FileSystem.exists(path) {
            queue = nil
            return
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !FileSystem.isDirectory(directory) { try FileSystem.createDirectory(directory) }
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.write { db in try Self.createTables(db, prefix: prefix) }
            self.queue = queue
        } catch {
            throw RatchetError(.sandbox, "cannot open the local sandbox: \(Self.describe(error))", at: path)
        }
    }

    private static func createTables(_ db: Database, prefix: String) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS \(prefix)schema (id INTEGER PRIMARY KEY CHECK (id = 1), ddl TEXT NOT NULL, updated_at TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS \(prefix)applied (revision TEXT PRIMARY KEY, upgrade_checksum TEXT NOT NULL, downgrade_checksum TEXT NOT NULL, applied_at TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS \(prefix)heads (revision TEXT PRIMARY KEY);
                CREATE TABLE IF NOT EXISTS \(prefix)history (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, revision TEXT NOT NULL, direction TEXT NOT NULL, state TEXT NOT NULL,
                    statements_applied INTEGER NOT NULL, dml_skipped INTEGER NOT NULL, checksum TEXT NOT NULL, who TEXT NOT NULL,
                    at TEXT NOT NULL, duration_ms INTEGER NOT NULL, note TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS \(prefix)lock (id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, acquired TEXT NOT NULL, expires TEXT NOT NULL);
                """)
    }

    public func state() throws(RatchetError) -> State {
        guard let queue else { return State(ddl: "", applied: [:]) }
        do {
            return try queue.read { db in
                let ddl = try String.fetchOne(db, sql: "SELECT ddl FROM \(prefix)schema WHERE id = 1") ?? ""
                var applied: [String: AppliedRevision] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT revision, upgrade_checksum, downgrade_checksum, applied_at FROM \(prefix)applied") {
                    let id: String = row[0]
                    applied[id] = AppliedRevision(id: id, upgradeChecksum: row[1], downgradeChecksum: row[2], appliedAt: row[3])
                }
                return State(ddl: ddl, applied: applied)
            }
        } catch {
            throw RatchetError(.sandbox, "cannot read the local sandbox: \(Self.describe(error))", at: path)
        }
    }

    public func history() throws(RatchetError) -> [HistoryRow] {
        guard let queue else { return [] }
        let rows: [Row]
        do {
            rows = try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT revision, direction, state, statements_applied, dml_skipped, checksum, duration_ms, note, who, at FROM \(prefix)history ORDER BY id")
            }
        } catch {
            throw RatchetError(.sandbox, "cannot read the local sandbox: \(Self.describe(error))", at: path)
        }
        var history: [HistoryRow] = []
        for row in rows {
            history.append(
                HistoryRow(
                    revision: row[0], direction: try StepDirection(recorded: row[1]), state: try RevisionState(recorded: row[2]), statementsApplied: row[3],
                    dmlSkipped: row[4], checksum: row[5], durationMilliseconds: row[6], note: row[7], who: row[8], at: row[9]))
        }
        return history
    }

    // MARK: - The lock

    /// Takes the lock for `lease` seconds unless another owner holds an unexpired lease; one
    /// immediate SQLite transaction, so two processes cannot both take it.
    public func acquireLock(owner: String, lease: Double, replacing dead: String?, now: Date = Date()) throws(RatchetError) -> LockAttempt {
        guard let queue else { throw RatchetError(.sandbox, "the sandbox was opened read-only", at: path) }
        do {
            var attempt = LockAttempt.taken
            try queue.inTransaction(.immediate) { db in
                if let row = try Row.fetchOne(db, sql: "SELECT owner, acquired, expires FROM \(prefix)lock WHERE id = 1") {
                    let holder = LockHolder(owner: row[0], acquired: row[1], expires: row[2])
                    if holder.owner != owner, holder.owner != dead, let expiry = Timestamp.parse(holder.expires), expiry > now {
                        attempt = .held(holder)
                        return .rollback
                    }
                }
                try db.execute(
                    sql: "INSERT OR REPLACE INTO \(prefix)lock (id, owner, acquired, expires) VALUES (1, ?, ?, ?)",
                    arguments: [owner, Timestamp.format(now), Timestamp.format(now.addingTimeInterval(lease))])
                return .commit
            }
            return attempt
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            return .contended("the sandbox file is busy")
        } catch {
            throw RatchetError(.sandbox, "cannot take the migration lock: \(Self.describe(error))", at: path)
        }
    }

    /// Extends the lease; false when `owner` no longer holds the lock.
    public func renewLock(owner: String, lease: Double, now: Date = Date()) throws(RatchetError) -> Bool {
        guard let queue else { return false }
        do {
            return try queue.write { db in
                try db.execute(sql: "UPDATE \(prefix)lock SET expires = ? WHERE id = 1 AND owner = ?", arguments: [Timestamp.format(now.addingTimeInterval(lease)), owner])
                return db.changesCount == 1
            }
        } catch {
            throw RatchetError(.sandbox, "cannot renew the migration lock: \(Self.describe(error))", at: path)
        }
    }

    /// Releases the lock if `owner` holds it.
    public func releaseLock(owner: String) {
        _ = try? queue?.write { db in try db.execute(sql: "DELETE FROM \(prefix)lock WHERE id = 1 AND owner = ?", arguments: [owner]) }
    }

    /// Whether the sandbox can be written (it was opened with `create`, or its file existed).
    public var isWritable: Bool { queue != nil }

    /// Writes the outcome of a run in one transaction: the new schema, the applied set, the
    /// heads and the history rows.
    public func commit(ddl: String?, added: [AppliedRevision], removed: [String], heads: [String], history: [HistoryRow]) throws(RatchetError) {
        guard let queue else { throw RatchetError(.sandbox, "the sandbox was opened read-only", at: path) }
        let now = Self.timestamp()
        let who = ProcessUser.name
        do {
            try queue.write { db in
                if let ddl {
                    try db.execute(sql: "INSERT INTO \(prefix)schema (id, ddl, updated_at) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET ddl = excluded.ddl, updated_at = excluded.updated_at", arguments: [ddl, now])
                }
                for id in removed { try db.execute(sql: "DELETE FROM \(prefix)applied WHERE revision = ?", arguments: [id]) }
                for revision in added {
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO \(prefix)applied (revision, upgrade_checksum, downgrade_checksum, applied_at) VALUES (?, ?, ?, ?)",
                        arguments: [revision.id, revision.upgradeChecksum, revision.downgradeChecksum, revision.appliedAt.isEmpty ? now : revision.appliedAt])
                }
                try db.execute(sql: "DELETE FROM \(prefix)heads")
                for head in heads { try db.execute(sql: "INSERT INTO \(prefix)heads (revision) VALUES (?)", arguments: [head]) }
                for row in history {
                    try db.execute(
                        sql: """
                            INSERT INTO \(prefix)history (revision, direction, state, statements_applied, dml_skipped, checksum, who, at, duration_ms, note)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """, arguments: [row.revision, row.direction.rawValue, row.state.rawValue, row.statementsApplied, row.dmlSkipped, row.checksum, who, now, row.durationMilliseconds, row.note])
                }
            }
        } catch {
            throw RatchetError(.sandbox, "cannot write the local sandbox (nothing was changed): \(Self.describe(error))", at: path)
        }
    }

    static func timestamp() -> String {
        Timestamp.format(Date(), fractionalSeconds: false)
    }

    private static func describe(_ error: any Error) -> String {
        if let database = error as? DatabaseError { return database.message ?? "\(database)" }
        return "\(error)"
    }
}
