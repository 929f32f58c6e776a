/// A statement Ratchet keeps as canonical tokens without modeling its clauses: DML, and DDL
/// kinds newer than Ratchet (reported with a warning, never rejected).
public struct RawStatement: Sendable, Hashable {
    /// The leading keywords that name the kind, such as `CREATE FUNCTION` or `INSERT`.
    public var kind: String
    /// The whole statement, canonically spelled and spaced.
    public var text: Expression

    public init(kind: String, text: Expression) {
        self.kind = kind
        self.text = text
    }
}
