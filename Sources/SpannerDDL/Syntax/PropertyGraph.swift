/// `CREATE [OR REPLACE] PROPERTY GRAPH [IF NOT EXISTS] name NODE TABLES (...) [EDGE TABLES (...)]`.
///
/// The element-table definitions are kept as canonical tokens; `nodeTables` and `edgeTables`
/// name the tables they draw on, for dependency ordering.
public struct CreatePropertyGraph: Sendable, Hashable {
    public var name: ObjectName
    public var orReplace: Bool
    public var ifNotExists: Bool
    /// Everything after the name, starting at `NODE TABLES`.
    public var body: Expression

    public init(name: ObjectName, orReplace: Bool = false, ifNotExists: Bool = false, body: Expression) {
        self.name = name
        self.orReplace = orReplace
        self.ifNotExists = ifNotExists
        self.body = body
    }
}
