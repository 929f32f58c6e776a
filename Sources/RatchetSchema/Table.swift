/// `CREATE TABLE`: columns and constraints in the builder, key and placement as modifiers.
public struct Table: SchemaElement {
    public var name: String
    public var members: [any TableMember]
    public var key: [KeyColumn] = []
    public var parent: String?
    public var onDelete: OnDelete?
    /// `INTERLEAVE IN` (parent rows need not exist) rather than `INTERLEAVE IN PARENT`.
    public var parentRowsOptional = false
    public var deletionPolicy: (column: String, days: Int)?
    public var tableOptions: [(String, OptionValue)] = []
    public var synonyms: [String] = []
    /// The table's previous name, so that a plan renames it instead of recreating it.
    public var previousName: String?
    public let source: SourceReference

    public enum OnDelete: String, Sendable {
        case cascade = "CASCADE"
        case noAction = "NO ACTION"
    }

    public init(_ name: String, file: String = #filePath, line: Int = #line, @TableBuilder _ members: () -> [any TableMember]) {
        self.name = name
        self.members = members()
        self.source = SourceReference(file: file, line: line)
    }

    public func primaryKey(_ columns: KeyColumn...) -> Table {
        var copy = self
        copy.key = columns
        return copy
    }

    /// `INTERLEAVE IN PARENT parent [ON DELETE ...]`.
    public func interleave(inParent parent: String, onDelete: OnDelete? = nil) -> Table {
        var copy = self
        copy.parent = parent
        copy.onDelete = onDelete
        copy.parentRowsOptional = false
        return copy
    }

    /// `INTERLEAVE IN parent`: stored with the parent, without requiring parent rows.
    public func interleave(in parent: String) -> Table {
        var copy = self
        copy.parent = parent
        copy.onDelete = nil
        copy.parentRowsOptional = true
        return copy
    }

    /// `ROW DELETION POLICY (OLDER_THAN(column, INTERVAL days DAY))`.
    public func rowDeletionPolicy(olderThan column: String, days: Int) -> Table {
        var copy = self
        copy.deletionPolicy = (column, days)
        return copy
    }

    public func options(_ options: KeyValuePairs<String, OptionValue>) -> Table {
        var copy = self
        copy.tableOptions = options.map { ($0.key, $0.value) }
        return copy
    }

    /// Declares that the table was called `name` before: autogenerate plans
    /// `ALTER TABLE name RENAME TO ...` and keeps the data (the DSL's `-- ratchet:renamed-from`).
    public func renamed(from name: String) -> Table {
        var copy = self
        copy.previousName = name
        return copy
    }

    public func synonym(_ name: String) -> Table {
        var copy = self
        copy.synonyms.append(name)
        return copy
    }

    public var ddl: String {
        var lines = members.map { "  " + $0.ddl + "," }
        lines += synonyms.map { "  SYNONYM(\(Spell.name($0)))," }
        var out = "CREATE TABLE \(Spell.name(name)) (\n" + lines.joined(separator: "\n") + "\n) PRIMARY KEY(" + key.map(\.ddl).joined(separator: ", ") + ")"
        if let parent {
            out += parentRowsOptional ? ",\n  INTERLEAVE IN \(Spell.name(parent))" : ",\n  INTERLEAVE IN PARENT \(Spell.name(parent))"
            if let onDelete { out += " ON DELETE \(onDelete.rawValue)" }
        }
        if let policy = deletionPolicy {
            out += ",\n  ROW DELETION POLICY (OLDER_THAN(\(Spell.name(policy.column)), INTERVAL \(policy.days) DAY))"
        }
        out += Spell.options(tableOptions)
        return out
    }
}

/// A key column, ascending unless `.descending`: `"SingerId"` or `.descending("Released")`.
public struct KeyColumn: Sendable, Hashable, ExpressibleByStringLiteral {
    public var name: String
    public var descending: Bool

    public init(_ name: String, descending: Bool = false) {
        self.name = name
        self.descending = descending
    }

    public init(stringLiteral value: String) { self.init(value) }

    public static func descending(_ name: String) -> KeyColumn { KeyColumn(name, descending: true) }

    var ddl: String { Spell.name(name) + (descending ? " DESC" : "") }
}

/// Something declared inside a table: a column or a constraint.
public protocol TableMember: Sendable {
    var ddl: String { get }
}

@resultBuilder
public enum TableBuilder {
    public static func buildExpression(_ member: any TableMember) -> [any TableMember] { [member] }
    public static func buildBlock(_ parts: [any TableMember]...) -> [any TableMember] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [any TableMember]?) -> [any TableMember] { part ?? [] }
    public static func buildEither(first: [any TableMember]) -> [any TableMember] { first }
    public static func buildEither(second: [any TableMember]) -> [any TableMember] { second }
    public static func buildArray(_ parts: [[any TableMember]]) -> [any TableMember] { parts.flatMap { $0 } }
}

/// A column: type, then modifiers for NOT NULL, DEFAULT, generation, HIDDEN and options.
public struct Column: TableMember {
    public var name: String
    public var type: ColumnType
    public var isNotNull = false
    public var generation: Generation?
    public var isHidden = false
    public var columnOptions: [(String, OptionValue)] = []
    /// `ON UPDATE (expression)`, after the DEFAULT.
    public var onUpdateExpression: String?
    public var isPlacementKey = false

    public enum Generation: Sendable, Hashable {
        case defaultValue(String)
        case generated(String, stored: Bool)
        case identity
    }

    public init(_ name: String, _ type: ColumnType) {
        self.name = name
        self.type = type
    }

    public func notNull() -> Column { var c = self; c.isNotNull = true; return c }
    /// `DEFAULT (expression)`, the expression as GoogleSQL.
    public func `default`(_ expression: String) -> Column { var c = self; c.generation = .defaultValue(expression); return c }
    /// `AS (expression) [STORED]`.
    public func generated(_ expression: String, stored: Bool = false) -> Column { var c = self; c.generation = .generated(expression, stored: stored); return c }
    /// `ON UPDATE (expression)`: the value written whenever the row changes; Spanner wants the
    /// same expression as the DEFAULT, `PENDING_COMMIT_TIMESTAMP()` on a commit-timestamp column.
    public func onUpdate(_ expression: String) -> Column { var c = self; c.onUpdateExpression = expression; return c }
    /// `DEFAULT (PENDING_COMMIT_TIMESTAMP()) ON UPDATE (PENDING_COMMIT_TIMESTAMP())` with
    /// commit timestamps allowed: a "last updated" column Spanner keeps.
    public func updatedAt() -> Column { self.default("PENDING_COMMIT_TIMESTAMP()").onUpdate("PENDING_COMMIT_TIMESTAMP()").commitTimestamp() }
    /// `GENERATED BY DEFAULT AS IDENTITY`.
    public func identity() -> Column { var c = self; c.generation = .identity; return c }
    public func hidden() -> Column { var c = self; c.isHidden = true; return c }
    /// `PLACEMENT KEY`: the row's placement (geo-partition); the column is `STRING(MAX) NOT NULL`.
    public func placementKey() -> Column { var c = self; c.isPlacementKey = true; return c }
    public func options(_ options: KeyValuePairs<String, OptionValue>) -> Column { var c = self; c.columnOptions = options.map { ($0.key, $0.value) }; return c }
    /// `OPTIONS (allow_commit_timestamp = TRUE)`.
    public func commitTimestamp() -> Column { options(["allow_commit_timestamp": true]) }

    public var ddl: String {
        var out = "\(Spell.name(name)) \(type.ddl)"
        if isNotNull { out += " NOT NULL" }
        switch generation {
        case .defaultValue(let expression)?:
            out += " DEFAULT (\(expression))"
            if let onUpdateExpression { out += " ON UPDATE (\(onUpdateExpression))" }
        case .generated(let expression, let stored)?: out += " AS (\(expression))" + (stored ? " STORED" : "")
        // Spanner needs a sequence kind; bit-reversed is the only one and spreads writes.
        case .identity?: out += " GENERATED BY DEFAULT AS IDENTITY (BIT_REVERSED_POSITIVE)"
        case nil: break
        }
        if isHidden { out += " HIDDEN" }
        if isPlacementKey { out += " PLACEMENT KEY" }
        return out + Spell.options(columnOptions)
    }
}

/// Spanner column types.
public indirect enum ColumnType: Sendable, Hashable {
    case bool, int64, float32, float64, numeric, json, date, timestamp, uuid, tokenlist, interval
    case string(Length)
    case bytes(Length)
    case array(ColumnType)
    /// `ARRAY<FLOAT32>(vector_length=>N)` and the like.
    case vector(ColumnType, length: Int)
    /// A proto message or enum type by its full name.
    case named(String)

    /// A `STRING` or `BYTES` length: a count, or `.max`.
    public enum Length: Sendable, Hashable, ExpressibleByIntegerLiteral {
        case max
        case count(Int)
        public init(integerLiteral value: Int) { self = .count(value) }
        var ddl: String {
            switch self {
            case .max: "MAX"
            case .count(let n): String(n)
            }
        }
    }

    var ddl: String {
        switch self {
        case .bool: "BOOL"
        case .int64: "INT64"
        case .float32: "FLOAT32"
        case .float64: "FLOAT64"
        case .numeric: "NUMERIC"
        case .json: "JSON"
        case .date: "DATE"
        case .timestamp: "TIMESTAMP"
        case .uuid: "UUID"
        case .tokenlist: "TOKENLIST"
        case .interval: "INTERVAL"
        case .string(let length): "STRING(\(length.ddl))"
        case .bytes(let length): "BYTES(\(length.ddl))"
        case .array(let element): "ARRAY<\(element.ddl)>"
        case .vector(let element, let length): "ARRAY<\(element.ddl)>(vector_length=>\(length))"
        case .named(let name): Spell.name(name)
        }
    }
}

/// `CONSTRAINT name CHECK (expression)`.
public struct Check: TableMember {
    public var name: String?
    public var expression: String

    public init(_ name: String? = nil, _ expression: String) {
        self.name = name
        self.expression = expression
    }

    public var ddl: String { (name.map { "CONSTRAINT \(Spell.name($0)) " } ?? "") + "CHECK (\(expression))" }
}

/// `CONSTRAINT name FOREIGN KEY (columns) REFERENCES table (columns) [ON DELETE ...] [NOT ENFORCED]`.
public struct ForeignKey: TableMember {
    public var name: String?
    public var columns: [String]
    public var table: String
    public var referencedColumns: [String]
    public var cascadeOnDelete: Bool
    public var enforced: Bool

    public init(_ name: String? = nil, columns: [String], references table: String, _ referencedColumns: [String], onDeleteCascade: Bool = false, enforced: Bool = true) {
        self.name = name
        self.columns = columns
        self.table = table
        self.referencedColumns = referencedColumns
        self.cascadeOnDelete = onDeleteCascade
        self.enforced = enforced
    }

    public var ddl: String {
        var out = (name.map { "CONSTRAINT \(Spell.name($0)) " } ?? "") + "FOREIGN KEY (\(Spell.names(columns))) REFERENCES \(Spell.name(table)) (\(Spell.names(referencedColumns)))"
        if cascadeOnDelete { out += " ON DELETE CASCADE" }
        if !enforced { out += " NOT ENFORCED" }
        return out
    }
}
