/// `CREATE [UNIQUE] [NULL_FILTERED] INDEX name ON table (keys) [STORING (...)] [WHERE ...] [, INTERLEAVE IN parent]`.
public struct Index: SchemaElement {
    public var name: String
    public var table: String
    public var keys: [KeyColumn]
    public var isUnique = false
    public var isNullFiltered = false
    public var stored: [String] = []
    public var filter: String?
    public var interleavedIn: String?
    public var indexOptions: [(String, OptionValue)] = []
    public let source: SourceReference

    public init(_ name: String, on table: String, _ keys: KeyColumn..., file: String = #filePath, line: Int = #line) {
        self.name = name
        self.table = table
        self.keys = keys
        self.source = SourceReference(file: file, line: line)
    }

    public func unique() -> Index { var i = self; i.isUnique = true; return i }
    public func nullFiltered() -> Index { var i = self; i.isNullFiltered = true; return i }
    public func storing(_ columns: String...) -> Index { var i = self; i.stored = columns; return i }
    /// `WHERE expression` (for example `Name IS NOT NULL`).
    public func filter(_ expression: String) -> Index { var i = self; i.filter = expression; return i }
    public func interleaved(in parent: String) -> Index { var i = self; i.interleavedIn = parent; return i }
    public func options(_ options: KeyValuePairs<String, OptionValue>) -> Index { var i = self; i.indexOptions = options.map { ($0.key, $0.value) }; return i }

    public var ddl: String {
        var out = "CREATE " + (isUnique ? "UNIQUE " : "") + (isNullFiltered ? "NULL_FILTERED " : "")
        out += "INDEX \(Spell.name(name)) ON \(Spell.name(table))(" + keys.map(\.ddl).joined(separator: ", ") + ")"
        if !stored.isEmpty { out += " STORING (\(Spell.names(stored)))" }
        if let filter { out += " WHERE \(filter)" }
        if let interleavedIn { out += ", INTERLEAVE IN \(Spell.name(interleavedIn))" }
        return out + Spell.options(indexOptions)
    }
}

/// `CREATE SEARCH INDEX name ON table (token columns) [STORING] [PARTITION BY] [ORDER BY] [OPTIONS]`.
public struct SearchIndex: SchemaElement {
    public var name: String
    public var table: String
    public var columns: [String]
    public var stored: [String] = []
    public var partitions: [String] = []
    public var order: [KeyColumn] = []
    public var filter: String?
    public var interleavedIn: String?
    public var indexOptions: [(String, OptionValue)] = []
    public let source: SourceReference

    public init(_ name: String, on table: String, _ columns: String..., file: String = #filePath, line: Int = #line) {
        self.name = name
        self.table = table
        self.columns = columns
        self.source = SourceReference(file: file, line: line)
    }

    public func storing(_ columns: String...) -> SearchIndex { var i = self; i.stored = columns; return i }
    public func partitionBy(_ columns: String...) -> SearchIndex { var i = self; i.partitions = columns; return i }
    public func orderBy(_ columns: KeyColumn...) -> SearchIndex { var i = self; i.order = columns; return i }
    public func filter(_ expression: String) -> SearchIndex { var i = self; i.filter = expression; return i }
    public func interleaved(in parent: String) -> SearchIndex { var i = self; i.interleavedIn = parent; return i }
    public func options(_ options: KeyValuePairs<String, OptionValue>) -> SearchIndex { var i = self; i.indexOptions = options.map { ($0.key, $0.value) }; return i }

    public var ddl: String {
        var out = "CREATE SEARCH INDEX \(Spell.name(name)) ON \(Spell.name(table))(\(Spell.names(columns)))"
        if !stored.isEmpty { out += " STORING (\(Spell.names(stored)))" }
        if !partitions.isEmpty { out += " PARTITION BY \(Spell.names(partitions))" }
        if !order.isEmpty { out += " ORDER BY " + order.map(\.ddl).joined(separator: ", ") }
        if let filter { out += " WHERE \(filter)" }
        if let interleavedIn { out += ", INTERLEAVE IN \(Spell.name(interleavedIn))" }
        return out + Spell.options(indexOptions)
    }
}

/// `CREATE CHANGE STREAM name [FOR ALL | FOR table[(columns)], ...] [OPTIONS]`.
public struct ChangeStream: SchemaElement {
    public enum Watch: Sendable, Hashable {
        case all
        /// Tables, each with the columns to watch (nil: every column).
        case tables([(String, [String]?)])

        public static func == (lhs: Watch, rhs: Watch) -> Bool { lhs.ddl == rhs.ddl }
        public func hash(into hasher: inout Hasher) { hasher.combine(ddl) }

        var ddl: String {
            switch self {
            case .all: " FOR ALL"
            case .tables(let tables):
                " FOR " + tables.map { table, columns in Spell.name(table) + (columns.map { "(\(Spell.names($0)))" } ?? "") }.joined(separator: ", ")
            }
        }
    }

    public var name: String
    public var watch: Watch?
    public var streamOptions: [(String, OptionValue)] = []
    public let source: SourceReference

    public init(_ name: String, watching watch: Watch? = nil, file: String = #filePath, line: Int = #line) {
        self.name = name
        self.watch = watch
        self.source = SourceReference(file: file, line: line)
    }

    /// Watches whole tables.
    public init(_ name: String, for tables: String..., file: String = #filePath, line: Int = #line) {
        self.init(name, watching: .tables(tables.map { ($0, nil) }), file: file, line: line)
    }

    public func options(_ options: KeyValuePairs<String, OptionValue>) -> ChangeStream { var s = self; s.streamOptions = options.map { ($0.key, $0.value) }; return s }

    public var ddl: String {
        "CREATE CHANGE STREAM \(Spell.name(name))" + (watch?.ddl ?? "") + Spell.options(streamOptions)
    }
}

/// `CREATE VIEW name SQL SECURITY INVOKER|DEFINER AS query`.
public struct View: SchemaElement {
    public enum Security: String, Sendable {
        case invoker = "INVOKER"
        case definer = "DEFINER"
    }

    public var name: String
    public var security: Security
    public var query: String
    public let source: SourceReference

    public init(_ name: String, security: Security = .invoker, as query: String, file: String = #filePath, line: Int = #line) {
        self.name = name
        self.security = security
        self.query = query
        self.source = SourceReference(file: file, line: line)
    }

    public var ddl: String { "CREATE VIEW \(Spell.name(name)) SQL SECURITY \(security.rawValue) AS \(query)" }
}

/// `CREATE SEQUENCE name OPTIONS (...)`.
public struct Sequence: SchemaElement {
    public var name: String
    public var sequenceOptions: [(String, OptionValue)]
    public let source: SourceReference

    public init(_ name: String, options: KeyValuePairs<String, OptionValue> = ["sequence_kind": "bit_reversed_positive"], file: String = #filePath, line: Int = #line) {
        self.name = name
        self.sequenceOptions = options.map { ($0.key, $0.value) }
        self.source = SourceReference(file: file, line: line)
    }

    public var ddl: String { "CREATE SEQUENCE \(Spell.name(name))" + Spell.options(sequenceOptions) }
}

/// Any other statement, as DDL: for what the DSL does not spell (roles, grants, models...).
public struct DDL: SchemaElement {
    public var ddl: String
    public let source: SourceReference

    public init(_ ddl: String, file: String = #filePath, line: Int = #line) {
        self.ddl = ddl
        self.source = SourceReference(file: file, line: line)
    }
}
