/// PostgreSQL's keyword classes, as Spanner's PostgreSQL interface (PostgreSQL 11's grammar) has them.
///
/// Only the words that are not "unreserved" matter to Ratchet: Spanner quotes every one of them
/// when it prints a name, and the reserved and type/function-name ones cannot be bare names.
enum PostgreSQLKeywords {
    /// Reserved: never a bare column or table name.
    static let reserved: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast",
        "check", "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role",
        "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do",
        "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in",
        "initially", "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not",
        "null", "offset", "on", "only", "or", "order", "placing", "primary", "references", "returning", "select",
        "session_user", "some", "symmetric", "table", "then", "to", "trailing", "true", "union", "unique", "user",
        "using", "variadic", "when", "where", "window", "with",
    ]

    /// Type and function names: not bare names of tables or columns either.
    static let typeOrFunctionNames: Set<String> = [
        "authorization", "binary", "collation", "concurrently", "cross", "current_schema", "freeze", "full",
        "ilike", "inner", "is", "isnull", "join", "left", "like", "natural", "notnull", "outer", "overlaps",
        "right", "similar", "tablesample", "verbose",
    ]

    /// Column-name keywords: bare names are allowed, but Spanner still quotes them when printing.
    static let columnNames: Set<String> = [
        "between", "bigint", "bit", "boolean", "char", "character", "coalesce", "dec", "decimal", "exists",
        "extract", "float", "greatest", "grouping", "inout", "int", "integer", "interval", "least", "national",
        "nchar", "none", "normalize", "nullif", "numeric", "out", "overlay", "position", "precision", "real", "row",
        "setof", "smallint", "substring", "time", "timestamp", "treat", "trim", "values", "varchar",
        "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse",
        "xmlpi", "xmlroot", "xmlserialize", "xmltable",
    ]

    /// Whether a lower-case word cannot serve as a bare name.
    static func isReserved(_ lowered: String) -> Bool {
        reserved.contains(lowered) || typeOrFunctionNames.contains(lowered)
    }

    /// Whether a lower-case word is any keyword Spanner quotes when printing a name.
    static func needsQuoting(_ lowered: String) -> Bool {
        isReserved(lowered) || columnNames.contains(lowered)
    }
}
