/// Generates large, valid Spanner schemas as DDL text, deterministically from a seed.
///
/// The default shape sits at Spanner's production limits: 5,000 tables, about 100,000 columns,
/// 10,000 indexes, interleave chains seven deep, foreign keys, checks, generated columns, row
/// deletion policies, change streams and views: about 10 MB of DDL.
public struct SyntheticSchema: Sendable {
    public struct Shape: Sendable {
        public var tables = 5_000
        public var columnsPerTable = 20
        public var indexesPerTable = 2
        /// Tables per interleave chain; Spanner allows a depth of 7.
        public var interleaveDepth = 7
        public var views = 5_000
        public var changeStreams = 10
        public init() {}

        /// A small shape for tests: the same features, scaled down.
        public static func small(tables: Int) -> Shape {
            var shape = Shape()
            shape.tables = tables
            shape.columnsPerTable = 6
            shape.views = max(1, tables / 5)
            shape.changeStreams = 2
            return shape
        }
    }

    public var shape: Shape
    public var seed: UInt64

    public init(shape: Shape = Shape(), seed: UInt64 = 1) {
        self.shape = shape
        self.seed = seed
    }

    /// The schema as DDL, in an order Spanner accepts (parents before children).
    public func ddl() -> String {
        var rng = SplitMix64(seed: seed)
        var out = ""
        out.reserveCapacity(shape.tables * (shape.columnsPerTable * 90 + 400))
        let typeChoices = ["STRING(MAX)", "STRING(256)", "INT64", "FLOAT64", "BOOL", "TIMESTAMP", "DATE", "BYTES(MAX)", "NUMERIC", "JSON", "ARRAY<STRING(64)>", "ARRAY<INT64>"]
        var keysOf: [[String]] = []
        keysOf.reserveCapacity(shape.tables)

        for t in 0..<shape.tables {
            let name = tableName(t)
            let depth = t % shape.interleaveDepth
            let parent = depth == 0 ? nil : t - 1
            var keys = parent.map { keysOf[$0] } ?? []
            keys.append("\(name)Id")
            keysOf.append(keys)

            out += "CREATE TABLE \(name) (\n"
            for key in keys { out += "  \(key) INT64 NOT NULL,\n" }
            let extra = max(0, shape.columnsPerTable - keys.count)
            for c in 0..<extra {
                let type = typeChoices[Int(rng.next() % UInt64(typeChoices.count))]
                out += "  \(columnName(c)) \(type)"
                switch (rng.next() % 4, type) {
                case (0, _): out += " NOT NULL"
                case (1, "INT64"): out += " NOT NULL DEFAULT (0)"
                case (1, "TIMESTAMP"): out += " OPTIONS (allow_commit_timestamp = true)"
                case (1, "STRING(MAX)"), (1, "STRING(256)"): out += " DEFAULT ('not yet classified')"
                case (1, "BOOL"): out += " NOT NULL DEFAULT (FALSE)"
                case (1, "FLOAT64"): out += " DEFAULT (0.0)"
                default: break
                }
                out += ",\n"
            }
            out += "  CreatedAt TIMESTAMP NOT NULL,\n"
            out += "  Score INT64,\n"
            out += "  ScoreDoubled INT64 AS (Score * 2) STORED,\n"
            out += "  ScoreBucket STRING(16) AS (CASE WHEN Score > 1000 THEN 'high' WHEN Score > 100 THEN 'medium' ELSE 'low' END) STORED,\n"
            out += "  CONSTRAINT Ck_\(name)_Score CHECK (Score >= 0 AND Score < 1000000),\n"
            out += "  CONSTRAINT Ck_\(name)_Created CHECK (CreatedAt > TIMESTAMP '2000-01-01T00:00:00Z'),\n"
            if t >= shape.interleaveDepth && t % 3 == 0 {
                let target = (t / shape.interleaveDepth - 1) * shape.interleaveDepth
                let targetKey = keysOf[target][0]
                out += "  CONSTRAINT Fk_\(name)_\(tableName(target)) FOREIGN KEY (Score) REFERENCES \(tableName(target)) (\(targetKey)),\n"
            }
            out += ") PRIMARY KEY (\(keys.joined(separator: ", ")))"
            if let parent {
                out += ",\n  INTERLEAVE IN PARENT \(tableName(parent)) ON DELETE CASCADE"
            }
            if t % 4 == 0 {
                out += ",\n  ROW DELETION POLICY (OLDER_THAN(CreatedAt, INTERVAL \(30 + t % 300) DAY))"
            }
            out += ";\n\n"

            for i in 0..<shape.indexesPerTable {
                let unique = i == 1 && t % 5 == 0 ? "UNIQUE " : ""
                // An index interleaved in the parent leads with the parent's key columns.
                let leading = parent != nil && i == 0 ? keysOf[parent!].joined(separator: ", ") + ", " : ""
                out += "CREATE \(unique)INDEX \(name)By\(i == 0 ? "Created" : "Score") ON \(name) (\(leading)\(i == 0 ? "CreatedAt DESC" : "Score"))"
                if extra > 0 { out += " STORING (\(columnName(Int(rng.next() % UInt64(extra)))))" }
                if let parent, i == 0 { out += ", INTERLEAVE IN \(tableName(parent))" }
                out += ";\n\n"
            }
        }

        for v in 0..<shape.views {
            let t = (v * 7) % shape.tables
            let name = tableName(t)
            out +=
                "CREATE VIEW View\(v)_\(name) SQL SECURITY INVOKER AS SELECT \(name).\(name)Id, \(name).Score, \(name).ScoreBucket, \(name).CreatedAt, COALESCE(\(name).Score, 0) + 1 AS NextScore FROM \(name) WHERE \(name).Score > \(v % 100) AND \(name).CreatedAt IS NOT NULL;\n\n"
        }
        for s in 0..<shape.changeStreams {
            let tables = (0..<5).map { tableName((s * 97 + $0 * 13) % shape.tables) }
            out += "CREATE CHANGE STREAM Stream\(s) FOR \(tables.joined(separator: ", ")) OPTIONS (retention_period = '\(1 + s % 7)d', value_capture_type = 'NEW_ROW');\n\n"
        }
        return out
    }

    private func tableName(_ t: Int) -> String { "Table\(t)" }
    private func columnName(_ c: Int) -> String { "DescriptiveAttribute\(c)Value" }
}

/// A small, fast, deterministic random number generator (SplitMix64).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
