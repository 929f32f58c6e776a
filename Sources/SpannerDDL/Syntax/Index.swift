/// `CREATE [UNIQUE] [NULL_FILTERED] INDEX`.
public struct CreateIndex: Sendable, Hashable {
    public var name: ObjectName
    public var ifNotExists: Bool
    public var unique: Bool
    public var nullFiltered: Bool
    public var table: ObjectName
    public var keys: [KeyPart]
    public var storing: [Identifier]
    /// `WHERE c IS NOT NULL [AND ...]`.
    public var filter: Expression?
    public var interleaveIn: ObjectName?
    public var options: OptionList?

    public init(
        name: ObjectName, ifNotExists: Bool = false, unique: Bool = false, nullFiltered: Bool = false, table: ObjectName,
        keys: [KeyPart], storing: [Identifier] = [], filter: Expression? = nil, interleaveIn: ObjectName? = nil,
        options: OptionList? = nil
    ) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.unique = unique
        self.nullFiltered = nullFiltered
        self.table = table
        self.keys = keys
        self.storing = storing
        self.filter = filter
        self.interleaveIn = interleaveIn
        self.options = options
    }
}

/// `CREATE SEARCH INDEX` over TOKENLIST columns.
public struct CreateSearchIndex: Sendable, Hashable {
    public var name: ObjectName
    public var ifNotExists: Bool
    public var table: ObjectName
    public var columns: [Identifier]
    public var storing: [Identifier]
    public var partitionBy: [Identifier]
    public var orderBy: [KeyPart]
    public var filter: Expression?
    public var interleaveIn: ObjectName?
    public var options: OptionList?

    public init(
        name: ObjectName, ifNotExists: Bool = false, table: ObjectName, columns: [Identifier], storing: [Identifier] = [],
        partitionBy: [Identifier] = [], orderBy: [KeyPart] = [], filter: Expression? = nil,
        interleaveIn: ObjectName? = nil, options: OptionList? = nil
    ) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.table = table
        self.columns = columns
        self.storing = storing
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.filter = filter
        self.interleaveIn = interleaveIn
        self.options = options
    }
}

/// `CREATE VECTOR INDEX` over an embedding column.
public struct CreateVectorIndex: Sendable, Hashable {
    public var name: ObjectName
    public var ifNotExists: Bool
    public var table: ObjectName
    public var columns: [Identifier]
    public var storing: [Identifier]
    public var filter: Expression?
    public var options: OptionList?

    public init(
        name: ObjectName, ifNotExists: Bool = false, table: ObjectName, columns: [Identifier], storing: [Identifier] = [],
        filter: Expression? = nil, options: OptionList? = nil
    ) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.table = table
        self.columns = columns
        self.storing = storing
        self.filter = filter
        self.options = options
    }
}

/// Which flavour of index an `ALTER ... INDEX` names.
public enum IndexKind: String, Sendable, Hashable {
    case index = "INDEX"
    case search = "SEARCH INDEX"
    case vector = "VECTOR INDEX"
}

/// `ALTER [SEARCH | VECTOR] INDEX name action`.
public struct AlterIndex: Sendable, Hashable {
    public var kind: IndexKind
    public var name: ObjectName
    public var action: Action

    public enum Action: Sendable, Hashable {
        case addStoredColumn(Identifier)
        case dropStoredColumn(Identifier)
        /// Search indexes: add or drop an indexed TOKENLIST column.
        case addColumn(Identifier)
        case dropColumn(Identifier)
        case setOptions(OptionList)
    }

    public init(kind: IndexKind, name: ObjectName, action: Action) {
        self.kind = kind
        self.name = name
        self.action = action
    }
}
