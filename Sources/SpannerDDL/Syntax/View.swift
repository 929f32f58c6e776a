/// `CREATE [OR REPLACE] VIEW name SQL SECURITY {INVOKER | DEFINER} AS query`.
public struct CreateView: Sendable, Hashable {
    public enum Security: String, Sendable, Hashable {
        case invoker = "INVOKER"
        case definer = "DEFINER"
    }

    public var name: ObjectName
    public var orReplace: Bool
    /// Spanner requires it; nil only when the source left it out.
    public var security: Security?
    public var query: Expression

    public init(name: ObjectName, orReplace: Bool = false, security: Security? = .invoker, query: Expression) {
        self.name = name
        self.orReplace = orReplace
        self.security = security
        self.query = query
    }
}
