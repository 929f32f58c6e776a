/// `ALTER DATABASE name SET OPTIONS (...)`.
public struct AlterDatabase: Sendable, Hashable {
    public var name: Identifier
    public var options: OptionList
    public init(name: Identifier, options: OptionList) {
        self.name = name
        self.options = options
    }
}

/// `CREATE SCHEMA [IF NOT EXISTS] name`: a named schema.
public struct CreateSchema: Sendable, Hashable {
    public var name: Identifier
    public var ifNotExists: Bool
    public init(name: Identifier, ifNotExists: Bool = false) {
        self.name = name
        self.ifNotExists = ifNotExists
    }
}

/// `CREATE PLACEMENT name [OPTIONS (...)]` and `CREATE LOCALITY GROUP name [OPTIONS (...)]`: a
/// named object whose whole definition is its options.
public struct CreateOptionsObject: Sendable, Hashable {
    public var name: Identifier
    public var ifNotExists: Bool
    public var options: OptionList?
    public init(name: Identifier, ifNotExists: Bool = false, options: OptionList? = nil) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.options = options
    }
}

/// `ALTER PLACEMENT | LOCALITY GROUP | MODEL [IF EXISTS] name SET OPTIONS (...)`.
public struct AlterOptionsObject: Sendable, Hashable {
    public var name: ObjectName
    public var ifExists: Bool
    public var options: OptionList
    public init(name: ObjectName, ifExists: Bool = false, options: OptionList) {
        self.name = name
        self.ifExists = ifExists
        self.options = options
    }
}

/// `CREATE PROTO BUNDLE (a.b.C, ...)`.
public struct CreateProtoBundle: Sendable, Hashable {
    public var types: [ObjectName]
    public init(types: [ObjectName]) { self.types = types }
}

/// `ALTER PROTO BUNDLE [INSERT (...)] [UPDATE (...)] [DELETE (...)]`.
public struct AlterProtoBundle: Sendable, Hashable {
    public var insert: [ObjectName]
    public var update: [ObjectName]
    public var delete: [ObjectName]
    public init(insert: [ObjectName] = [], update: [ObjectName] = [], delete: [ObjectName] = []) {
        self.insert = insert
        self.update = update
        self.delete = delete
    }
}

/// `ALTER STATISTICS package SET OPTIONS (...)`.
public struct AlterStatistics: Sendable, Hashable {
    public var name: ObjectName
    public var options: OptionList
    public init(name: ObjectName, options: OptionList) {
        self.name = name
        self.options = options
    }
}
