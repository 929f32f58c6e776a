import Foundation

/// A JSON value, for the parts of the API whose shape depends on the data (row values,
/// parameters, metadata).
public enum JSONValue: Sendable, Hashable, Codable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    public var stringValue: String? { if case .string(let value) = self { value } else { nil } }
    public var isNull: Bool { self == .null }

    /// An INT64 value, which Spanner sends as a decimal string.
    public var int64Value: Int64? {
        switch self {
        case .string(let text): Int64(text)
        case .number(let number): Int64(exactly: number)
        default: nil
        }
    }
}

/// Spanner's JSON encoding of values (SPANNER-FACTS section 1).
public enum SpannerValue {
    public static func int64(_ value: Int64) -> JSONValue { .string(String(value)) }
    public static func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    public static func bool(_ value: Bool) -> JSONValue { .bool(value) }
    public static func bytes(_ value: Data) -> JSONValue { .string(value.base64EncodedString()) }
    public static func timestamp(_ date: Date) -> JSONValue {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return .string(formatter.string(from: date))
    }
    /// The placeholder a commit-timestamp column accepts in a mutation.
    public static let commitTimestamp: JSONValue = "spanner.commit_timestamp()"

    public static func float64(_ value: Double) -> JSONValue {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        return .number(value)
    }
}
