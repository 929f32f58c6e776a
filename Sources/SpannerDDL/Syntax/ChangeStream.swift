/// `CREATE CHANGE STREAM name [FOR ...] [OPTIONS (...)]`.
public struct CreateChangeStream: Sendable, Hashable {
    public var name: ObjectName
    public var ifNotExists: Bool
    public var watch: ChangeStreamWatch?
    public var options: OptionList?

    public init(name: ObjectName, ifNotExists: Bool = false, watch: ChangeStreamWatch? = nil, options: OptionList? = nil) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.watch = watch
        self.options = options
    }
}

/// What a change stream watches: `FOR ALL` or `FOR t1, t2(c1, c2), t3()`.
public enum ChangeStreamWatch: Sendable, Hashable {
    case all
    case tables([WatchedTable])

    public struct WatchedTable: Sendable, Hashable {
        public var table: ObjectName
        /// nil: every column (`FOR t`); empty: the key columns only (`FOR t()`).
        public var columns: [Identifier]?
        public init(table: ObjectName, columns: [Identifier]? = nil) {
            self.table = table
            self.columns = columns
        }
    }
}

/// `ALTER CHANGE STREAM name action`.
public struct AlterChangeStream: Sendable, Hashable {
    public var name: ObjectName
    public var action: Action

    public enum Action: Sendable, Hashable {
        case setFor(ChangeStreamWatch)
        case dropForAll
        case setOptions(OptionList)
    }

    public init(name: ObjectName, action: Action) {
        self.name = name
        self.action = action
    }
}
