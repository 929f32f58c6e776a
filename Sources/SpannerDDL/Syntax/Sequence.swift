/// `CREATE SEQUENCE [IF NOT EXISTS] name [clauses] [OPTIONS (...)]`.
public struct CreateSequence: Sendable, Hashable {
    public var name: ObjectName
    public var ifNotExists: Bool
    public var clauses: SequenceClauses
    public var options: OptionList?

    public init(name: ObjectName, ifNotExists: Bool = false, clauses: SequenceClauses = SequenceClauses(), options: OptionList? = nil) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.clauses = clauses
        self.options = options
    }
}

/// `ALTER SEQUENCE [IF EXISTS] name ...`.
public struct AlterSequence: Sendable, Hashable {
    public var name: ObjectName
    public var ifExists: Bool
    public var action: Action

    public enum Action: Sendable, Hashable {
        case setOptions(OptionList)
        /// `[SKIP RANGE a, b | NO SKIP RANGE] [RESTART COUNTER WITH n]`.
        case alter(skipRange: SkipRangeChange?, restartCounter: Int64?)
    }

    public enum SkipRangeChange: Sendable, Hashable {
        case set(SkipRange)
        case remove
    }

    public init(name: ObjectName, ifExists: Bool = false, action: Action) {
        self.name = name
        self.ifExists = ifExists
        self.action = action
    }
}
