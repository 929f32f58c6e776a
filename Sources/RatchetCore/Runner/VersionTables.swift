import SpannerDDL

/// The version tables Ratchet keeps in a Spanner database, named with the project's prefix.
///
/// In a PostgreSQL-dialect database the columns keep the same names, double-quoted, so that
/// result rows and mutations use one vocabulary whichever the dialect.
public struct VersionTables: Sendable, Hashable {
    public var prefix: String
    public var dialect: Dialect

    public init(prefix: String, dialect: Dialect = .googleSQL) {
        self.prefix = prefix
        self.dialect = dialect
    }

    public var heads: String { prefix + "heads" }
    public var history: String { prefix + "history" }
    public var lock: String { prefix + "lock" }

    /// A table or column name as the dialect's SQL spells it.
    public func spell(_ name: String) -> String { IdentifierQuoting.spell(name, dialect: dialect) }

    /// `name, name, ...`, spelled.
    public func list(_ names: [String]) -> String { names.map(spell).joined(separator: ", ") }

    /// The `index`th query parameter (from 1) named `name`: `@name` in GoogleSQL, `$index` in
    /// PostgreSQL, with the key its value goes under in the request's `params`.
    public func parameter(_ index: Int, _ name: String) -> (sql: String, key: String) {
        dialect == .postgreSQL ? ("$\(index)", "p\(index)") : ("@\(name)", name)
    }

    /// DDL that creates the tables when they are missing.
    public var createStatements: [String] {
        let columns: [(table: String, columns: [(String, DataType, notNull: Bool, commit: Bool)], key: [String])] = [
            (
                heads, [("Revision", .string(.count(64)), true, false), ("UpgradeChecksum", .string(.count(64)), true, false), ("AppliedAt", .timestamp, true, true)],
                ["Revision"]
            ),
            (
                history,
                [
                    ("RunId", .string(.count(36)), true, false), ("Step", .int64, true, false), ("Revision", .string(.count(64)), true, false),
                    ("Direction", .string(.count(16)), true, false), ("State", .string(.count(16)), true, false), ("StatementsApplied", .int64, true, false),
                    ("Checksum", .string(.count(64)), true, false), ("Operation", .string(.max), false, false), ("Who", .string(.max), false, false),
                    ("CommittedAt", .timestamp, true, true), ("DurationMs", .int64, false, false),
                ],
                ["RunId", "Step"]
            ),
            (
                lock, [("Id", .int64, true, false), ("Owner", .string(.max), true, false), ("Acquired", .timestamp, true, false), ("Expires", .timestamp, true, false)],
                ["Id"]
            ),
        ]
        return columns.map { table in
            var create = CreateTable(
                name: ObjectName(Identifier(table.table)), ifNotExists: true,
                columns: table.columns.map { column in
                    let options = column.commit ? OptionList([OptionList.Option(name: "allow_commit_timestamp", value: Expression(canonicalText: "true"))]) : nil
                    return ColumnDefinition(name: Identifier(column.0), type: column.1, notNull: column.notNull, options: options)
                },
                primaryKey: table.key.map { KeyPart(column: Identifier($0)) })
            create.ifNotExists = true
            return DDLPrinter.sql(.createTable(create), dialect: dialect)
        }
    }
}
