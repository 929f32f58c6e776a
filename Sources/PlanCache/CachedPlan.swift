import Foundation

/// A plan as the cache keeps it: what Ratchet computed or ran, self-contained, so that it can be
/// reviewed offline long after the schema and the revision files have moved on.
///
/// Its JSON form (`plans export`, `plans show --format json`) is stable: fields are only ever
/// added.
public struct CachedPlan: Codable, Sendable, Hashable {
    /// Assigned when stored.
    public var id: Int64?
    public var kind: Kind
    public var mode: Mode
    /// ISO 8601 UTC.
    public var createdAt: String
    /// `local`, a `spanner://` URL, or for `diff` the two files.
    public var database: String
    public var environment: String?
    public var fromHeads: [String]
    public var toHeads: [String]
    public var statements: [Statement]
    public var warnings: [String]
    /// Canonical DDL of the objects the plan touches, before and after.
    public var schemaBefore: String
    public var schemaAfter: String
    /// Tables the plan touches with their parents and foreign-key targets, for the diagram.
    public var tables: [TableShape]
    public var run: Run?
    /// A fleet run: its members and how each went. The statements are those of a member that
    /// ran, for review; each member's own run is also stored under its database.
    public var fleet: Fleet?
    /// What the lint catalogue found in the plan, as configured; absent in older records.
    public var lint: [LintNote]?
    /// Pre-check counts of a dry run (rows failing each validation, rows each backfill goes
    /// over), one line each.
    public var prechecks: [String]?

    /// One lint finding as the cache keeps it.
    public struct LintNote: Codable, Sendable, Hashable {
        public var rule: String
        /// `error`, `warning` or `notice`.
        public var severity: String
        public var message: String
        /// `file:line:col` of the statement, when it is in a revision.
        public var location: String?
        public var statement: String
        /// The reason of its `-- ratchet:lint-ignore`, when acknowledged.
        public var acknowledged: String?

        public init(rule: String, severity: String, message: String, location: String? = nil, statement: String, acknowledged: String? = nil) {
            self.rule = rule
            self.severity = severity
            self.message = message
            self.location = location
            self.statement = statement
            self.acknowledged = acknowledged
        }
    }

    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable {
        case autogenerate, diff, upgrade, downgrade
    }

    public enum Mode: String, Codable, Sendable, Hashable, CaseIterable {
        /// Computed and shown (diff, autogenerate).
        case plan
        /// Executed against a database.
        case run
        /// Printed with `--sql`.
        case sql
        /// Previewed with `--dry-run`.
        case dryRun = "dry-run"
    }

    public struct Statement: Codable, Sendable, Hashable {
        public var sql: String
        public var batch: Int
        /// `instant`, `validating`, `backfill` or `destructive`.
        public var cost: String
        public var reason: String
        public var object: String
        public var revision: String?
        /// `file:line:col` of a statement written in a revision.
        public var location: String?
        public var partitionedDML: Bool

        public init(sql: String, batch: Int, cost: String, reason: String, object: String, revision: String? = nil, location: String? = nil, partitionedDML: Bool = false) {
            self.sql = sql
            self.batch = batch
            self.cost = cost
            self.reason = reason
            self.object = object
            self.revision = revision
            self.location = location
            self.partitionedDML = partitionedDML
        }
    }

    /// A table in the diagram: its parent (interleaving) and the tables its foreign keys name.
    public struct TableShape: Codable, Sendable, Hashable {
        public var name: String
        public var parent: String?
        public var references: [String]
        /// Whether the plan changes it (the others are context).
        public var touched: Bool
        /// `created`, `dropped`, `altered` or nil.
        public var change: String?

        public init(name: String, parent: String?, references: [String], touched: Bool, change: String?) {
            self.name = name
            self.parent = parent
            self.references = references
            self.touched = touched
            self.change = change
        }
    }

    /// How an executed plan ended; the raw values are stored.
    public enum Outcome: String, Codable, Sendable, Hashable, CaseIterable {
        case succeeded
        /// Some statements ran; the next run resumes after them.
        case partial
        /// Nothing of the plan was applied.
        case failed
    }

    /// How an executed plan went.
    public struct Run: Codable, Sendable, Hashable {
        public var startedAt: String
        public var endedAt: String
        public var outcome: Outcome
        public var error: String?
        /// Per batch: statements, seconds, operation name.
        public var batches: [BatchTiming]
        /// Where a failed run stopped: the revisions applied and the statement reached.
        public var partialState: String?

        public init(startedAt: String, endedAt: String, outcome: Outcome, error: String? = nil, batches: [BatchTiming] = [], partialState: String? = nil) {
            self.startedAt = startedAt
            self.endedAt = endedAt
            self.outcome = outcome
            self.error = error
            self.batches = batches
            self.partialState = partialState
        }
    }

    public struct BatchTiming: Codable, Sendable, Hashable {
        public var batch: Int
        public var statements: Int
        public var seconds: Double
        public var operation: String?
        /// Seconds each committed statement took, where Spanner reported it (statement
        /// progress, else the gaps between commit timestamps); absent in older records.
        public var statementSeconds: [Double]?

        public init(batch: Int, statements: Int, seconds: Double, operation: String? = nil, statementSeconds: [Double]? = nil) {
            self.batch = batch
            self.statements = statements
            self.seconds = seconds
            self.operation = operation
            self.statementSeconds = statementSeconds
        }
    }

    /// A run across the databases of a fleet.
    public struct Fleet: Codable, Sendable, Hashable {
        public var name: String
        public var members: [Member]
        /// Why members were left unstarted (a canary failed, too many failures), if any were.
        public var stopReason: String?

        public init(name: String, members: [Member], stopReason: String? = nil) {
            self.name = name
            self.members = members
            self.stopReason = stopReason
        }

        /// One database of the fleet and how its run went.
        public struct Member: Codable, Sendable, Hashable {
            public var database: String
            /// `up-to-date`, `completed`, `partial`, `failed` or `not-started`.
            public var outcome: String
            public var fromHeads: [String]
            public var toHeads: [String]
            /// Revisions whose sections ran to their end.
            public var revisions: [String]
            public var statements: Int
            public var schemaOperations: Int
            public var seconds: Double
            public var error: String?

            public init(
                database: String, outcome: String, fromHeads: [String] = [], toHeads: [String] = [], revisions: [String] = [], statements: Int = 0,
                schemaOperations: Int = 0, seconds: Double = 0, error: String? = nil
            ) {
                self.database = database
                self.outcome = outcome
                self.fromHeads = fromHeads
                self.toHeads = toHeads
                self.revisions = revisions
                self.statements = statements
                self.schemaOperations = schemaOperations
                self.seconds = seconds
                self.error = error
            }
        }
    }

    public init(
        kind: Kind, mode: Mode, createdAt: String = CachedPlan.now(), database: String, environment: String? = nil,
        fromHeads: [String] = [], toHeads: [String] = [], statements: [Statement], warnings: [String] = [],
        schemaBefore: String = "", schemaAfter: String = "", tables: [TableShape] = [], run: Run? = nil
    ) {
        self.kind = kind
        self.mode = mode
        self.createdAt = createdAt
        self.database = database
        self.environment = environment
        self.fromHeads = fromHeads
        self.toHeads = toHeads
        self.statements = statements
        self.warnings = warnings
        self.schemaBefore = schemaBefore
        self.schemaAfter = schemaAfter
        self.tables = tables
        self.run = run
    }

    public var batchCount: Int { Set(statements.map(\.batch)).count }

    public static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }

    /// The plan as stable, pretty-printed JSON with sorted keys.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// A schema reflected from a live database.
public struct SchemaSnapshot: Codable, Sendable, Hashable {
    public var id: Int64?
    public var database: String
    public var takenAt: String
    public var ddl: String
    /// SHA-256 of `ddl`, hex.
    public var hash: String

    public init(database: String, takenAt: String = CachedPlan.now(), ddl: String, hash: String) {
        self.database = database
        self.takenAt = takenAt
        self.ddl = ddl
        self.hash = hash
    }
}
