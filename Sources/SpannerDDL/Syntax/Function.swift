/// `CREATE [OR REPLACE] FUNCTION name (params) [RETURNS type] [[NOT] DETERMINISTIC]
/// [SQL SECURITY {INVOKER|DEFINER}] [LANGUAGE {SQL|REMOTE}] [AS (expr)] [OPTIONS (...)]`.
///
/// A SQL function has a body; a remote function (`LANGUAGE REMOTE`) has an endpoint option instead.
public struct CreateFunction: Sendable, Hashable {
    public struct Parameter: Sendable, Hashable {
        public var name: Identifier
        public var type: DataType
        public var defaultValue: Expression?
        public init(name: Identifier, type: DataType, defaultValue: Expression? = nil) {
            self.name = name
            self.type = type
            self.defaultValue = defaultValue
        }
    }

    public enum Determinism: String, Sendable, Hashable {
        case deterministic = "DETERMINISTIC"
        case notDeterministic = "NOT DETERMINISTIC"
    }

    public enum Language: String, Sendable, Hashable {
        case sql = "SQL"
        case remote = "REMOTE"
    }

    public var name: ObjectName
    public var orReplace: Bool
    public var parameters: [Parameter]
    public var returns: DataType?
    public var determinism: Determinism?
    public var security: CreateView.Security?
    public var language: Language?
    /// The body, parenthesised in the source; nil for a remote function.
    public var body: Expression?
    public var options: OptionList?

    public init(
        name: ObjectName, orReplace: Bool = false, parameters: [Parameter] = [], returns: DataType? = nil,
        determinism: Determinism? = nil, security: CreateView.Security? = nil, language: Language? = nil,
        body: Expression? = nil, options: OptionList? = nil
    ) {
        self.name = name
        self.orReplace = orReplace
        self.parameters = parameters
        self.returns = returns
        self.determinism = determinism
        self.security = security
        self.language = language
        self.body = body
        self.options = options
    }

    /// Whether the function calls out to an endpoint rather than evaluating a SQL body.
    public var isRemote: Bool { language == .remote }
}
