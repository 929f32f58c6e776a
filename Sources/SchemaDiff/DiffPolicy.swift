import SpannerDDL

/// What the planner may do beyond safe, in-place changes.
///
/// By default nothing that loses data or rebuilds an object is planned: such a change fails
/// with an error that names it and the flag that would allow it.
public struct DiffPolicy: Sendable, Hashable {
    /// Drop tables and columns, and recreate what cannot change in place (`--allow-destructive`).
    public var allowDestructive: Bool
    /// Drop and recreate indexes whose definition changed (`--allow-recreate-indexes`).
    public var allowRecreateIndexes: Bool
    /// Drop and add again generated columns whose expression changed, which Spanner cannot
    /// alter in place (`--allow-recreate-generated-columns`). Their values are derived, so no
    /// data is lost, but a STORED column is backfilled and queries miss it in between.
    public var allowRecreateGeneratedColumns: Bool

    /// An expression that fills NULLs before NOT NULL is added to a column that has rows
    /// (`--backfill-not-null VALUE`): a partitioned-DML `UPDATE ... WHERE c IS NULL` step.
    public var backfillNotNull: Expression?

    public init(allowDestructive: Bool = false, allowRecreateIndexes: Bool = false, allowRecreateGeneratedColumns: Bool = false, backfillNotNull: Expression? = nil) {
        self.allowDestructive = allowDestructive
        self.allowRecreateIndexes = allowRecreateIndexes
        self.allowRecreateGeneratedColumns = allowRecreateGeneratedColumns
        self.backfillNotNull = backfillNotNull
    }

    public static let safe = DiffPolicy()
    public static let permissive = DiffPolicy(allowDestructive: true, allowRecreateIndexes: true, allowRecreateGeneratedColumns: true)
}

/// A change the policy does not allow: the one error type of SchemaDiff.
public struct DiffError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The change loses data or rebuilds an object; `flag` allows it.
        case needsFlag
        /// Spanner has no way to make the change (e.g. an unnamed constraint cannot be dropped).
        case unsupported
    }

    public var kind: Kind
    public var message: String
    /// The command-line flag that would allow the change.
    public var flag: String?

    public init(kind: Kind, message: String, flag: String? = nil) {
        self.kind = kind
        self.message = message
        self.flag = flag
    }

    static func needs(_ flag: String, _ message: String) -> DiffError {
        DiffError(kind: .needsFlag, message: "\(message); rerun with \(flag) to allow it", flag: flag)
    }

    public var description: String { message }
}
