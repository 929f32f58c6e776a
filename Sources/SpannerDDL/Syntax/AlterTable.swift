/// `ALTER TABLE name action`.
public struct AlterTable: Sendable, Hashable {
    public var name: ObjectName
    public var action: AlterTableAction

    public init(name: ObjectName, action: AlterTableAction) {
        self.name = name
        self.action = action
    }
}

/// What an `ALTER TABLE` does.
public enum AlterTableAction: Sendable, Hashable {
    case addColumn(ColumnDefinition, ifNotExists: Bool)
    case dropColumn(Identifier)
    case alterColumn(Identifier, AlterColumnAction)
    case addConstraint(TableConstraint)
    case dropConstraint(Identifier)
    case setOnDelete(OnDelete)
    /// `SET INTERLEAVE IN [PARENT] p [ON DELETE ...]`.
    case setInterleave(Interleave)
    case addRowDeletionPolicy(RowDeletionPolicy)
    case replaceRowDeletionPolicy(RowDeletionPolicy)
    case dropRowDeletionPolicy
    case addSynonym(Identifier)
    case dropSynonym(Identifier)
    /// `RENAME TO new [, ADD SYNONYM old]`.
    case renameTo(ObjectName, addSynonym: Identifier?)
    case setOptions(OptionList)
}

/// What `ALTER COLUMN c` does.
public enum AlterColumnAction: Sendable, Hashable {
    /// `ALTER COLUMN c TYPE [NOT NULL] [DEFAULT (e) | AS (e) STORED] [OPTIONS (...)]`: the column
    /// restated in full. The definition's name equals the altered column's.
    case redefine(ColumnDefinition)
    case setOptions(OptionList)
    case setDefault(Expression)
    case dropDefault
    case alterIdentity(IdentityAlteration)
    /// `SET ON UPDATE (expression)`.
    case setOnUpdate(Expression)
    /// `DROP ON UPDATE`.
    case dropOnUpdate
    /// PostgreSQL's `ALTER COLUMN c TYPE t`: the type alone, nullability and default kept.
    case setType(DataType)
    /// PostgreSQL's `ALTER COLUMN c SET NOT NULL` (true) or `DROP NOT NULL` (false).
    case setNotNull(Bool)
}

/// `ALTER COLUMN c ALTER IDENTITY ...`.
public enum IdentityAlteration: Sendable, Hashable {
    case setSkipRange(SkipRange)
    case setNoSkipRange
    case restartCounter(Int64)
}

/// `RENAME TABLE a TO b [, c TO d ...]`.
public struct RenameTable: Sendable, Hashable {
    public var renames: [Rename]

    public struct Rename: Sendable, Hashable {
        public var from: ObjectName
        public var to: ObjectName
        public init(from: ObjectName, to: ObjectName) {
            self.from = from
            self.to = to
        }
    }

    public init(renames: [Rename]) { self.renames = renames }
}
