// MARK: - Column changes as restatements

extension AlterColumnAction {
    /// Whether the action may change the column's type or nullability.
    public var restatesColumn: Bool {
        switch self {
        case .redefine, .setType, .setNotNull: true
        default: false
        }
    }

    /// The column as it is after this action, for the actions that change its type or
    /// nullability: GoogleSQL's restatement, and PostgreSQL's `TYPE` and `SET`/`DROP NOT NULL`
    /// (which keep everything else). nil for other actions.
    ///
    /// Whoever judges such a change (its cost, its lint findings, its pre-check) looks at the
    /// column before and after, whichever dialect wrote it.
    public func restatement(of column: ColumnDefinition) -> ColumnDefinition? {
        guard restatesColumn else { return nil }
        switch self {
        case .redefine(let definition):
            return definition
        case .setType(let type):
            var changed = column
            changed.type = type
            return changed
        case .setNotNull(let notNull):
            var changed = column
            changed.notNull = notNull
            return changed
        default:
            return nil
        }
    }
}
