// MARK: - GRANT and REVOKE

extension Parser {
    /// The part after `GRANT` or `REVOKE`: `privileges ON kind names TO|FROM ROLE roles`, or
    /// `ROLE roles TO|FROM ROLE roles`.
    mutating func parseGrantBody(isRevoke: Bool) throws(DDLDiagnostic) -> Grant {
        let what: Grantable
        if consume(.role) {
            what = .roles(try parseBareIdentifierList("a role name"))
        } else {
            var privileges: [Privilege] = []
            repeat {
                privileges.append(try parsePrivilege())
            } while consume(.comma)
            try expect(.on)
            what = .privileges(privileges, on: try parsePrivilegeTarget())
        }
        try expect(isRevoke ? .from : .to)
        try expect(.role)
        return Grant(what: what, roles: try parseBareIdentifierList("a role name"))
    }

    private mutating func parsePrivilege() throws(DDLDiagnostic) -> Privilege {
        let token = peek()
        let action: Privilege.Action
        switch token.keyword {
        case .select: action = .select
        case .insert: action = .insert
        case .update: action = .update
        case .delete: action = .delete
        case .execute: action = .execute
        case .usage: action = .usage
        default: throw unexpected("a privilege (SELECT, INSERT, UPDATE, DELETE, EXECUTE, USAGE)")
        }
        consume()
        var columns: [Identifier]?
        if at(.leftParen) { columns = try parseIdentifierList("a column name") }
        return Privilege(action: action, columns: columns)
    }

    private mutating func parsePrivilegeTarget() throws(DDLDiagnostic) -> PrivilegeTarget {
        let kind: PrivilegeTarget.Kind
        if at(.table, .function) {
            consume()
            consume()
            kind = .tableFunction
        } else if consume(.table) {
            kind = .table
        } else if consume(.view) {
            kind = .view
        } else if at(.change, .stream) {
            consume()
            consume()
            kind = .changeStream
        } else if consume(.schema) {
            kind = .schema
        } else if consume(.sequence) {
            kind = .sequence
        } else if consume(.model) {
            kind = .model
        } else {
            throw unexpected("TABLE, VIEW, CHANGE STREAM, TABLE FUNCTION, SCHEMA, SEQUENCE or MODEL")
        }
        return PrivilegeTarget(kind: kind, names: try parseObjectNameList("a name"))
    }
}
