/// `GRANT ... TO ROLE r` or `REVOKE ... FROM ROLE r` (fine-grained access control).
public struct Grant: Sendable, Hashable {
    public var what: Grantable
    public var roles: [Identifier]

    public init(what: Grantable, roles: [Identifier]) {
        self.what = what
        self.roles = roles
    }
}

/// What a GRANT or REVOKE hands out.
public enum Grantable: Sendable, Hashable {
    /// `SELECT, INSERT(c1, c2) ON TABLE t1, t2`, `SELECT ON VIEW v`, `EXECUTE ON TABLE FUNCTION f`, ...
    case privileges([Privilege], on: PrivilegeTarget)
    /// `ROLE r1, r2`: membership in other roles.
    case roles([Identifier])
}

public struct Privilege: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable {
        case select = "SELECT"
        case insert = "INSERT"
        case update = "UPDATE"
        case delete = "DELETE"
        case execute = "EXECUTE"
        case usage = "USAGE"
    }

    public var action: Action
    /// Column-level privileges: `SELECT(a, b)`; nil for the whole object.
    public var columns: [Identifier]?

    public init(action: Action, columns: [Identifier]? = nil) {
        self.action = action
        self.columns = columns
    }
}

public struct PrivilegeTarget: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case table = "TABLE"
        case view = "VIEW"
        case changeStream = "CHANGE STREAM"
        case tableFunction = "TABLE FUNCTION"
        case schema = "SCHEMA"
        case sequence = "SEQUENCE"
        case model = "MODEL"
    }

    public var kind: Kind
    public var names: [ObjectName]

    public init(kind: Kind, names: [ObjectName]) {
        self.kind = kind
        self.names = names
    }
}
