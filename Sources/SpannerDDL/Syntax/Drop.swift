/// `DROP <kind> [IF EXISTS] name`, for every kind of object.
public struct Drop: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case table = "TABLE"
        case index = "INDEX"
        case searchIndex = "SEARCH INDEX"
        case vectorIndex = "VECTOR INDEX"
        case view = "VIEW"
        case changeStream = "CHANGE STREAM"
        case sequence = "SEQUENCE"
        case role = "ROLE"
        case schema = "SCHEMA"
        case model = "MODEL"
        case protoBundle = "PROTO BUNDLE"
        case placement = "PLACEMENT"
        case localityGroup = "LOCALITY GROUP"
        case propertyGraph = "PROPERTY GRAPH"
        case function = "FUNCTION"
    }

    public var kind: Kind
    public var ifExists: Bool
    /// nil only for `DROP PROTO BUNDLE`, which has no name.
    public var name: ObjectName?

    public init(kind: Kind, ifExists: Bool = false, name: ObjectName?) {
        self.kind = kind
        self.ifExists = ifExists
        self.name = name
    }
}
