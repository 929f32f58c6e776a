import SpannerDDL

/// A table as Spanner holds it: columns in order, key, parent, constraints, policy, options.
public struct Table: Sendable, Hashable {
    public var name: ObjectName
    public var columns: [ColumnDefinition]
    public var primaryKey: [KeyPart]
    public var interleave: Interleave?
    public var rowDeletionPolicy: RowDeletionPolicy?
    public var checks: [CheckConstraint]
    public var foreignKeys: [ForeignKey]
    public var synonyms: [Identifier]
    public var options: OptionList?

    public init(_ create: CreateTable) {
        name = create.name
        columns = create.columns
        primaryKey = create.primaryKey
        interleave = create.interleave
        rowDeletionPolicy = create.rowDeletionPolicy
        checks = create.constraints.compactMap { if case .check(let c) = $0 { c } else { nil } }
        foreignKeys = create.constraints.compactMap { if case .foreignKey(let f) = $0 { f } else { nil } }
        synonyms = create.synonyms
        options = create.options
    }

    /// The column named `name`, compared as Spanner does (case-insensitively).
    public func column(_ name: Identifier) -> ColumnDefinition? {
        columns.first { $0.name.matches(name) }
    }

    public func columnIndex(_ name: Identifier) -> Int? {
        columns.firstIndex { $0.name.matches(name) }
    }

    public func isKeyColumn(_ name: Identifier) -> Bool {
        primaryKey.contains { $0.column.matches(name) }
    }

    /// The table as a `CREATE TABLE` statement, its foreign keys before its checks, as
    /// GetDatabaseDdl prints them (in both dialects).
    public var createStatement: CreateTable {
        CreateTable(
            name: name, columns: columns,
            constraints: foreignKeys.map(TableConstraint.foreignKey) + checks.map(TableConstraint.check),
            synonyms: synonyms, primaryKey: primaryKey, interleave: interleave, rowDeletionPolicy: rowDeletionPolicy,
            options: options)
    }
}

/// An index of any kind.
public enum Index: Sendable, Hashable {
    case standard(CreateIndex)
    case search(CreateSearchIndex)
    case vector(CreateVectorIndex)

    public var name: ObjectName {
        switch self {
        case .standard(let i): i.name
        case .search(let i): i.name
        case .vector(let i): i.name
        }
    }

    public var table: ObjectName {
        switch self {
        case .standard(let i): i.table
        case .search(let i): i.table
        case .vector(let i): i.table
        }
    }

    /// Every column the index uses: keys, stored columns, partitioning and ordering.
    public var referencedColumns: [Identifier] {
        switch self {
        case .standard(let i): i.keys.map(\.column) + i.storing
        case .search(let i): i.columns + i.storing + i.partitionBy + i.orderBy.map(\.column)
        case .vector(let i): i.columns + i.storing
        }
    }

    /// The stored (covering) columns, for every kind of index.
    public var storing: [Identifier] {
        get {
            switch self {
            case .standard(let i): i.storing
            case .search(let i): i.storing
            case .vector(let i): i.storing
            }
        }
        set {
            switch self {
            case .standard(var i): i.storing = newValue; self = .standard(i)
            case .search(var i): i.storing = newValue; self = .search(i)
            case .vector(var i): i.storing = newValue; self = .vector(i)
            }
        }
    }

    public var options: OptionList? {
        get {
            switch self {
            case .standard(let i): i.options
            case .search(let i): i.options
            case .vector(let i): i.options
            }
        }
        set {
            switch self {
            case .standard(var i): i.options = newValue; self = .standard(i)
            case .search(var i): i.options = newValue; self = .search(i)
            case .vector(var i): i.options = newValue; self = .vector(i)
            }
        }
    }

    public var statement: Statement {
        switch self {
        case .standard(let i): .createIndex(i)
        case .search(let i): .createSearchIndex(i)
        case .vector(let i): .createVectorIndex(i)
        }
    }
}
