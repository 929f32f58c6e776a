/// A read-only query that counts the rows a validating statement would fail on, run before
/// the statement is sent: NULLs for a new NOT NULL, values over a shorter length, duplicate keys
/// for a unique index, rows failing a new CHECK, orphans for a new foreign key. A table size
/// is counted too where a statement backfills or validates every row, for the reviewer.
public struct Precheck: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case notNull = "NOT NULL"
        case length
        case unique = "unique index"
        case check = "CHECK"
        case foreignKey = "foreign key"
        /// Not a check: the number of rows a backfill or validation goes over.
        case tableSize = "table size"
    }

    public var kind: Kind
    /// What is counted, for people: `NULLs in Users.Email`.
    public var subject: String
    /// The table whose rows are read.
    public var table: String
    /// Returns one row with one INT64 column, `violations`.
    public var countSQL: String
    /// Returns up to three offending rows' keys; run only when the count is above zero.
    public var sampleSQL: String?
    /// The statement checked, and where it is.
    public var statement: String
    public var location: FilePosition?
    public var revision: String?

    /// Whether a count above zero stops the run.
    public var isCheck: Bool { kind != .tableSize }
}
