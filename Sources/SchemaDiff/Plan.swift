import SpannerDDL

/// How expensive a statement is for Spanner.
public enum CostClass: String, Sendable, Hashable, Codable, CaseIterable {
    /// A metadata change: seconds.
    case instant
    /// Spanner validates existing rows (adding NOT NULL, a CHECK, a foreign key): minutes to hours.
    case validating
    /// Spanner writes data for every row (an index on an existing table): minutes to hours.
    case backfill
    /// Data or a whole object is lost.
    case destructive
}

/// One step of a plan.
public struct PlannedStatement: Sendable, Hashable {
    public var statement: Statement {
        didSet { sql = DDLPrinter.sql(statement, dialect: dialect) }
    }
    /// The dialect `sql` is printed in: the database's.
    public private(set) var dialect: Dialect = .googleSQL
    /// The statement as canonical DDL, without `;`: printed once, read by every renderer.
    public private(set) var sql: String
    public var cost: CostClass
    /// Why the step exists, for previews.
    public var reason: String
    /// The object it changes, such as `table Albums` or `index AlbumsByTitle`.
    public var object: String
    /// The batch it belongs to, from 0.
    public var batch: Int
    /// DML to run as partitioned DML (`-- ratchet:partitioned-dml`), outside any DDL batch.
    public var partitionedDML: Bool = false

    /// `sql`, when the caller has the statement's canonical text already, saves printing it.
    public init(
        statement: Statement, cost: CostClass, reason: String, object: String, batch: Int = 0, sql: String? = nil, dialect: Dialect = .googleSQL
    ) {
        self.statement = statement
        self.dialect = dialect
        self.sql = sql ?? DDLPrinter.sql(statement, dialect: dialect)
        self.cost = cost
        self.reason = reason
        self.object = object
        self.batch = batch
    }

    /// The same step with its SQL printed in `dialect`.
    public func printed(in dialect: Dialect) -> PlannedStatement {
        guard dialect != self.dialect else { return self }
        var copy = self
        copy.dialect = dialect
        copy.sql = DDLPrinter.sql(statement, dialect: dialect)
        return copy
    }
}

/// An ordered, batched list of statements that turns one schema into another.
public struct Plan: Sendable, Hashable {
    public var statements: [PlannedStatement]
    public var warnings: [String]

    public init(statements: [PlannedStatement] = [], warnings: [String] = []) {
        self.statements = statements
        self.warnings = warnings
    }

    public var isEmpty: Bool { statements.isEmpty }
    public var batchCount: Int { (statements.map(\.batch).max() ?? -1) + 1 }
    public var hasDestructiveSteps: Bool { statements.contains { $0.cost == .destructive } }
}
