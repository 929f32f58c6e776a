import Foundation
import GRDB

/// The local plan cache: a SQLite file (WAL, busy timeout) shared by every `ratchet` process
/// of a project.
///
/// It is never the source of truth. Opening it never fails a command: an unreadable or corrupt
/// file is moved aside (never deleted) with a warning, and a fresh one is created.
public final class PlanStore: Sendable {
    public let path: String
    private let pool: DatabasePool

    /// Opens (or creates) the cache. `warnings` says what was repaired.
    public static func open(path: String) throws(PlanCacheError) -> (store: PlanStore, warnings: [String]) {
        do {
            return (try PlanStore(path: path), [])
        } catch let first {
            // A file that exists but is not a usable cache is kept for inspection, then replaced.
            guard FileManager.default.fileExists(atPath: path) else { throw first }
            let aside = "\(path).corrupt-\(Int(Date().timeIntervalSince1970))"
            do {
                try FileManager.default.moveItem(atPath: path, toPath: aside)
                for suffix in ["-wal", "-shm"] { try? FileManager.default.moveItem(atPath: path + suffix, toPath: aside + suffix) }
            } catch {
                throw PlanCacheError("the plan cache \(path) is unusable (\(first.message)) and cannot be moved aside: \(error.localizedDescription)")
            }
            let store = try PlanStore(path: path)
            return (store, ["the plan cache \(path) was unusable (\(first.message)); it was moved to \(aside) and a new one was created"])
        }
    }

    private init(path: String) throws(PlanCacheError) {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw PlanCacheError("cannot create \(directory): \(error.localizedDescription)")
        }
        if !FileManager.default.fileExists(atPath: path) {
            // Plans may hold schema details: readable by the owner only.
            let descriptor = Foundation.open(path, O_CREAT | O_WRONLY, 0o600)
            guard descriptor >= 0 else { throw PlanCacheError("cannot create \(path): \(String(cString: strerror(errno)))") }
            close(descriptor)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw PlanCacheError(Self.describe(error))
        }
    }

    /// The cache's own schema, versioned: each migration runs once per file.
    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE plan (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        kind TEXT NOT NULL,
                        mode TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        database TEXT NOT NULL,
                        environment TEXT,
                        statement_count INTEGER NOT NULL,
                        outcome TEXT,
                        body TEXT NOT NULL
                    );
                    CREATE INDEX plan_by_time ON plan(created_at);
                    CREATE INDEX plan_by_database ON plan(database, created_at);
                    CREATE TABLE snapshot (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        database TEXT NOT NULL,
                        taken_at TEXT NOT NULL,
                        hash TEXT NOT NULL,
                        ddl TEXT NOT NULL
                    );
                    CREATE INDEX snapshot_by_database ON snapshot(database, taken_at);
                    """)
        }
        return migrator
    }

    // MARK: - Plans

    /// Stores a plan and returns its id.
    @discardableResult
    public func save(_ plan: CachedPlan) throws(PlanCacheError) -> Int64 {
        do {
            return try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO plan (kind, mode, created_at, database, environment, statement_count, outcome, body)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        plan.kind.rawValue, plan.mode.rawValue, plan.createdAt, plan.database, plan.environment,
                        plan.statements.count, plan.run?.outcome.rawValue, plan.json(),
                    ])
                return db.lastInsertedRowID
            }
        } catch {
            throw PlanCacheError(Self.describe(error))
        }
    }

    public func plan(_ id: Int64) throws(PlanCacheError) -> CachedPlan? {
        do {
            return try pool.read { db in
                guard let body = try String.fetchOne(db, sql: "SELECT body FROM plan WHERE id = ?", arguments: [id]) else { return nil }
                var plan = try JSONDecoder().decode(CachedPlan.self, from: Data(body.utf8))
                plan.id = id
                return plan
            }
        } catch {
            throw PlanCacheError(Self.describe(error))
        }
    }

    /// A row of `plans list`.
    public struct Summary: Sendable, Hashable {
        public var id: Int64
        public var kind: String
        public var mode: String
        public var createdAt: String
        public var database: String
        public var environment: String?
        public var statementCount: Int
        public var outcome: String?
    }

    /// Plans newest first, filtered.
    public func list(database: String? = nil, kind: CachedPlan.Kind? = nil, since: String? = nil, limit: Int = 1000) throws(PlanCacheError) -> [Summary] {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let database { conditions.append("database = ?"); arguments.append(database) }
        if let kind { conditions.append("kind = ?"); arguments.append(kind.rawValue) }
        if let since { conditions.append("created_at >= ?"); arguments.append(since) }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        do {
            return try pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT id, kind, mode, created_at, database, environment, statement_count, outcome FROM plan \(filter) ORDER BY id DESC LIMIT \(limit)",
                    arguments: StatementArguments(arguments)
                ).map { row in
                    Summary(id: row[0], kind: row[1], mode: row[2], createdAt: row[3], database: row[4], environment: row[5], statementCount: row[6], outcome: row[7])
                }
            }
        } catch {
            throw PlanCacheError(Self.describe(error))
        }
    }

    /// Deletes plans and snapshots created before `cutoff` (ISO 8601); returns how many.
    public func prune(before cutoff: String) throws(PlanCacheError) -> (plans: Int, snapshots: Int) {
        do {
            return try pool.write { db in
                try db.execute(sql: "DELETE FROM plan WHERE created_at < ?", arguments: [cutoff])
                let plans = db.changesCount
                try db.execute(sql: "DELETE FROM snapshot WHERE taken_at < ?", arguments: [cutoff])
                return (plans, db.changesCount)
            }
        } catch {
            throw PlanCacheError(Self.describe(error))
        }
    }

    // MARK: - Snapshots

    @discardableResult
    public func save(_ snapshot: SchemaSnapshot) throws(PlanCacheError) -> Int64 {
        do {
            return try pool.write { db in
                try db.execute(
                    sql: "INSERT INTO snapshot (database, taken_at, hash, ddl) VALUES (?, ?, ?, ?)",
                    arguments: [snapshot.database, snapshot.takenAt, snapshot.hash, snapshot.ddl])
                return db.lastInsertedRowID
            }
        } catch {
            throw PlanCacheError(Self.describe(error))
        }
    }

    /// The newest snapshot of `database`.
    public func latestSnapshot(of database: String) throws(PlanCacheError) -> SchemaSnapshot? {
        do {
            return try pool.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT id, database, taken_at, hash, ddl FROM snapshot WHERE database = ? ORDER BY id DESC LIMIT 1", arguments: [database]) else { return nil }
                var snapshot = SchemaSnapshot(database: row[1], takenAt: row[2], ddl: row[4], hash: row[3])
                snapshot.id = row[0]
                return snapshot
            }
        } catch {
            throw PlanCacheError(Self.describe(error))
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let database = error as? DatabaseError { return database.message ?? "\(database)" }
        if let decoding = error as? DecodingError { return "a stored plan does not decode: \(decoding)" }
        return "\(error)"
    }
}

/// A failure of the plan cache; callers report it as a warning, never as a failed command.
public struct PlanCacheError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
