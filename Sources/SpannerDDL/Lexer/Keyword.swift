/// A GoogleSQL keyword that Spanner's DDL grammar gives meaning to.
///
/// Keywords are matched case-insensitively. Reserved keywords can only be used as identifiers when
/// quoted with backticks; the others are ordinary identifiers wherever the grammar expects a name.
public enum Keyword: String, Sendable, Hashable, CaseIterable {
    // MARK: - Reserved (GoogleSQL lexical structure)
    case all = "ALL", and = "AND", any = "ANY", array = "ARRAY", `as` = "AS", asc = "ASC"
    case assertRowsModified = "ASSERT_ROWS_MODIFIED", at = "AT", between = "BETWEEN", by = "BY"
    case `case` = "CASE", cast = "CAST", collate = "COLLATE", contains = "CONTAINS", create = "CREATE"
    case cross = "CROSS", cube = "CUBE", current = "CURRENT", `default` = "DEFAULT", define = "DEFINE"
    case desc = "DESC", distinct = "DISTINCT", `else` = "ELSE", end = "END", `enum` = "ENUM"
    case escape = "ESCAPE", except = "EXCEPT", exclude = "EXCLUDE", exists = "EXISTS"
    case extract = "EXTRACT", `false` = "FALSE", fetch = "FETCH", following = "FOLLOWING", `for` = "FOR"
    case from = "FROM", full = "FULL", group = "GROUP", grouping = "GROUPING", groups = "GROUPS"
    case hash = "HASH", having = "HAVING", `if` = "IF", ignore = "IGNORE", `in` = "IN", inner = "INNER"
    case intersect = "INTERSECT", interval = "INTERVAL", into = "INTO", `is` = "IS", join = "JOIN"
    case lateral = "LATERAL", left = "LEFT", like = "LIKE", limit = "LIMIT", lookup = "LOOKUP"
    case merge = "MERGE", natural = "NATURAL", new = "NEW", no = "NO", not = "NOT", null = "NULL"
    case nulls = "NULLS", of = "OF", on = "ON", or = "OR", order = "ORDER", outer = "OUTER", over = "OVER"
    case partition = "PARTITION", preceding = "PRECEDING", proto = "PROTO", range = "RANGE"
    case recursive = "RECURSIVE", respect = "RESPECT", right = "RIGHT", rollup = "ROLLUP", rows = "ROWS"
    case select = "SELECT", set = "SET", some = "SOME", `struct` = "STRUCT", tablesample = "TABLESAMPLE"
    case then = "THEN", to = "TO", treat = "TREAT", `true` = "TRUE", unbounded = "UNBOUNDED"
    case union = "UNION", unnest = "UNNEST", using = "USING", when = "WHEN", `where` = "WHERE"
    case window = "WINDOW", with = "WITH", within = "WITHIN"

    // MARK: - Non-reserved, used by the DDL grammar
    case action = "ACTION", add = "ADD", alter = "ALTER", analyze = "ANALYZE"
    case autoIncrement = "AUTO_INCREMENT", bundle = "BUNDLE", cascade = "CASCADE", change = "CHANGE"
    case check = "CHECK", column = "COLUMN", constraint = "CONSTRAINT", counter = "COUNTER"
    case database = "DATABASE", day = "DAY", definer = "DEFINER", delete = "DELETE"
    case deletion = "DELETION", drop = "DROP", edge = "EDGE", enforced = "ENFORCED"
    case execute = "EXECUTE", foreign = "FOREIGN", function = "FUNCTION", generated = "GENERATED"
    case grant = "GRANT", graph = "GRAPH", hidden = "HIDDEN", identity = "IDENTITY", index = "INDEX"
    case input = "INPUT", insert = "INSERT", interleave = "INTERLEAVE", invoker = "INVOKER", key = "KEY"
    case locality = "LOCALITY", model = "MODEL", node = "NODE", nullFiltered = "NULL_FILTERED"
    case olderThan = "OLDER_THAN", options = "OPTIONS", output = "OUTPUT", parent = "PARENT"
    case placement = "PLACEMENT", policy = "POLICY", primary = "PRIMARY", property = "PROPERTY"
    case references = "REFERENCES", remote = "REMOTE", rename = "RENAME", replace = "REPLACE"
    case restart = "RESTART", revoke = "REVOKE", role = "ROLE", row = "ROW", schema = "SCHEMA"
    case search = "SEARCH", security = "SECURITY", sequence = "SEQUENCE", skip = "SKIP", sql = "SQL"
    case start = "START", statistics = "STATISTICS", stored = "STORED", storing = "STORING"
    case stream = "STREAM", synonym = "SYNONYM", table = "TABLE", tables = "TABLES", unique = "UNIQUE"
    case update = "UPDATE", usage = "USAGE", vector = "VECTOR", view = "VIEW", returns = "RETURNS"
    case source = "SOURCE", destination = "DESTINATION", label = "LABEL", properties = "PROPERTIES"
    case are = "ARE", columns = "COLUMNS", values = "VALUES"

    /// Non-reserved words upper-cased inside DML, so `update t set ...` prints as `UPDATE t SET ...`.
    static let dmlWords: Set<Keyword> = [.insert, .update, .delete, .values]

    /// Non-reserved words upper-cased inside a property graph's element tables.
    static let graphWords: Set<Keyword> = [
        .node, .edge, .tables, .key, .source, .destination, .references, .label, .properties, .are, .columns,
    ]

    /// Whether the word is reserved in GoogleSQL and must be quoted to serve as an identifier.
    public var isReserved: Bool { Self.reserved.contains(self) }

    private static let reserved: Set<Keyword> = [
        .all, .and, .any, .array, .as, .asc, .assertRowsModified, .at, .between, .by, .case, .cast,
        .collate, .contains, .create, .cross, .cube, .current, .default, .define, .desc, .distinct,
        .else, .end, .enum, .escape, .except, .exclude, .exists, .extract, .false, .fetch, .following,
        .for, .from, .full, .group, .grouping, .groups, .hash, .having, .if, .ignore, .in, .inner,
        .intersect, .interval, .into, .is, .join, .lateral, .left, .like, .limit, .lookup, .merge,
        .natural, .new, .no, .not, .null, .nulls, .of, .on, .or, .order, .outer, .over, .partition,
        .preceding, .proto, .range, .recursive, .respect, .right, .rollup, .rows, .select, .set,
        .some, .struct, .tablesample, .then, .to, .treat, .true, .unbounded, .union, .unnest, .using,
        .when, .where, .window, .with, .within,
    ]

    // MARK: - Lookup without allocating

    /// Keywords bucketed by length, then by upper-cased first byte, as raw ASCII bytes.
    private static let lookupTable: [[(bytes: [UInt8], keyword: Keyword)]] = {
        var buckets = Array(repeating: [(bytes: [UInt8], keyword: Keyword)](), count: 24)
        for keyword in Keyword.allCases {
            let bytes = Array(keyword.rawValue.utf8)
            buckets[bytes.count].append((bytes, keyword))
        }
        return buckets
    }()

    /// Looks up a keyword from raw identifier bytes, ignoring ASCII case.
    static func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Keyword? {
        let count = bytes.count
        guard count > 1, count < lookupTable.count else { return nil }
        let first = bytes[0] & 0xDF
        for candidate in lookupTable[count] where candidate.bytes[0] == first {
            var equal = true
            for i in 1..<count {
                let b = bytes[i]
                let upper = (b >= 0x61 && b <= 0x7A) ? b & 0xDF : b
                if upper != candidate.bytes[i] { equal = false; break }
            }
            if equal { return candidate.keyword }
        }
        return nil
    }
}
