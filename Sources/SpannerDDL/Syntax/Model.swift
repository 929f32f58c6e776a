/// `CREATE [OR REPLACE] MODEL [IF NOT EXISTS] name [INPUT (...) OUTPUT (...)] REMOTE [OPTIONS (...)]`.
public struct CreateModel: Sendable, Hashable {
    public var name: ObjectName
    public var orReplace: Bool
    public var ifNotExists: Bool
    public var input: [ModelColumn]?
    public var output: [ModelColumn]?
    public var remote: Bool
    public var options: OptionList?

    public init(
        name: ObjectName, orReplace: Bool = false, ifNotExists: Bool = false, input: [ModelColumn]? = nil,
        output: [ModelColumn]? = nil, remote: Bool = true, options: OptionList? = nil
    ) {
        self.name = name
        self.orReplace = orReplace
        self.ifNotExists = ifNotExists
        self.input = input
        self.output = output
        self.remote = remote
        self.options = options
    }
}

/// A model's input or output column: `name TYPE [OPTIONS (...)]`.
public struct ModelColumn: Sendable, Hashable {
    public var name: Identifier
    public var type: DataType
    public var options: OptionList?
    public init(name: Identifier, type: DataType, options: OptionList? = nil) {
        self.name = name
        self.type = type
        self.options = options
    }
}
