/// A Spanner GoogleSQL column type.
public indirect enum DataType: Sendable, Hashable {
    case bool
    case int64
    case float32
    case float64
    case numeric
    case json
    case date
    case timestamp
    case uuid
    case tokenList
    case interval
    /// `STRING(n)`, `STRING(MAX)`, or `STRING` with no length where the grammar allows it (models).
    case string(Length?)
    case bytes(Length?)
    /// `ARRAY<T>`, optionally `ARRAY<T>(vector_length=>n)`.
    case array(DataType, vectorLength: Int64?)
    /// `STRUCT<name T, ...>`: model columns only.
    case `struct`([StructField])
    /// A PROTO message or ENUM type, by its fully qualified name.
    case named(ObjectName)

    public enum Length: Sendable, Hashable {
        case max
        case count(Int64)
    }

    public struct StructField: Sendable, Hashable {
        public var name: Identifier?
        public var type: DataType
        public init(name: Identifier?, type: DataType) {
            self.name = name
            self.type = type
        }
    }

    /// The scalar type names, upper-cased, that are spelled without parameters.
    static let simpleTypes: [String: DataType] = [
        "BOOL": .bool, "INT64": .int64, "FLOAT32": .float32, "FLOAT64": .float64, "NUMERIC": .numeric,
        "JSON": .json, "DATE": .date, "TIMESTAMP": .timestamp, "UUID": .uuid, "TOKENLIST": .tokenList,
        "INTERVAL": .interval,
    ]
}
