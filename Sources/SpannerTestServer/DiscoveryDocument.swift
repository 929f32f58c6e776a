import Foundation

/// The Spanner REST discovery document, used to hold every request to the API's contract: the
/// method and path must exist, the query parameters must be declared, and the body must match
/// the request schema (no unknown field, every value of the declared type) — as Google's
/// gateway rejects such requests with 400.
///
/// `Resources/spanner.v1.json` is Google's published discovery document for Spanner v1
/// (revision 20261006), kept as a test resource.
struct DiscoveryDocument: Sendable {
    struct Method: Sendable {
        var id: String
        var httpMethod: String
        var pattern: [Segment]
        var requestSchema: String?
        var parameters: Set<String>
    }

    enum Segment: Sendable, Hashable {
        case literal(String)
        /// `{name}`: one path segment; `:verb` suffixes stay literal.
        case variable(suffix: String)
    }

    let methods: [Method]
    let schemas: [String: JSONSchema]

    static func load() throws -> DiscoveryDocument {
        guard let url = Bundle.module.url(forResource: "spanner.v1", withExtension: "json") else {
            throw ValidationFailure("the discovery document is missing from the test server's resources")
        }
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        var methods: [Method] = []
        func walk(_ resource: [String: Any]) {
            for (_, value) in resource["methods"] as? [String: [String: Any]] ?? [:] {
                guard let path = value["flatPath"] as? String ?? value["path"] as? String, let http = value["httpMethod"] as? String else { continue }
                let segments: [Segment] = path.split(separator: "/").map { part in
                    if let open = part.firstIndex(of: "{"), let close = part.firstIndex(of: "}") {
                        return .variable(suffix: String(part[part.index(after: close)...]).isEmpty ? "" : String(part[part.index(after: close)...]))
                            .withPrefix(String(part[..<open]))
                    }
                    return .literal(String(part))
                }
                let parameters = Set((value["parameters"] as? [String: Any] ?? [:]).keys)
                methods.append(
                    Method(
                        id: value["id"] as? String ?? "", httpMethod: http, pattern: segments,
                        requestSchema: (value["request"] as? [String: Any])?["$ref"] as? String, parameters: parameters))
            }
            for (_, child) in resource["resources"] as? [String: [String: Any]] ?? [:] { walk(child) }
        }
        walk(root)
        var schemas: [String: JSONSchema] = [:]
        for (name, value) in root["schemas"] as? [String: [String: Any]] ?? [:] { schemas[name] = JSONSchema(value) }
        // Standard query parameters every method accepts.
        let common = Set((root["parameters"] as? [String: Any] ?? [:]).keys)
        return DiscoveryDocument(
            methods: methods.map {
                var m = $0; m.parameters.formUnion(common); return m
            }, schemas: schemas)
    }

    /// The method a request calls, or nil.
    func method(_ httpMethod: String, _ path: String) -> Method? {
        let parts = path.split(separator: "/").map(String.init)
        return methods.first { method in
            method.httpMethod == httpMethod && method.pattern.count == parts.count
                && zip(method.pattern, parts).allSatisfy { segment, part in
                    switch segment {
                    case .literal(let text): return text == part
                    case .variable(let suffix): return part.hasSuffix(suffix) && part.count > suffix.count && !part.dropLast(suffix.count).contains(":")
                    }
                }
        }
    }

    /// Throws a description of the first way `body` breaks the schema named `schema`.
    func validate(_ body: JSON, against schema: String) throws {
        guard let definition = schemas[schema] else { throw ValidationFailure("unknown schema \(schema)") }
        try validate(body, definition, at: "")
    }

    private func validate(_ value: JSON, _ schema: JSONSchema, at path: String) throws {
        if let reference = schema.reference {
            guard let target = schemas[reference] else { throw ValidationFailure("unknown schema \(reference)") }
            return try validate(value, target, at: path)
        }
        if case .null = value { return }
        let place = path.isEmpty ? "the request body" : "'\(path)'"
        switch schema.type {
        case "any", nil:
            return
        case "object":
            guard case .object(let object) = value else { throw ValidationFailure("Invalid value at \(place): expected an object") }
            if let additional = schema.additionalProperties {
                for (key, item) in object { try validate(item, additional, at: path.isEmpty ? key : "\(path).\(key)") }
                return
            }
            for (key, item) in object.sorted(by: { $0.key < $1.key }) {
                guard let property = schema.properties[key] else {
                    throw ValidationFailure("Invalid JSON payload received. Unknown name \"\(key)\" at \(place): Cannot find field.")
                }
                try validate(item, property, at: path.isEmpty ? key : "\(path).\(key)")
            }
        case "array":
            guard case .array(let array) = value else { throw ValidationFailure("Invalid value at \(place): expected an array") }
            if let items = schema.items {
                for (index, item) in array.enumerated() { try validate(item, items, at: "\(path)[\(index)]") }
            }
        case "string":
            guard case .string(let text) = value else { throw ValidationFailure("Invalid value at \(place) (\(schema.format ?? "string")): expected a string") }
            switch schema.format {
            case "int64", "uint64":
                guard Int64(text) != nil || UInt64(text) != nil else { throw ValidationFailure("Invalid value at \(place) (TYPE_INT64), \"\(text)\"") }
            case "byte":
                let standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
                let padded = standard + String(repeating: "=", count: (4 - standard.count % 4) % 4)
                guard Data(base64Encoded: padded) != nil else { throw ValidationFailure("Invalid value at \(place) (TYPE_BYTES), Base64 decoding failed") }
            default:
                if let allowed = schema.enumeration, !allowed.contains(text) {
                    throw ValidationFailure("Invalid value at \(place), \"\(text)\" is not one of \(allowed.joined(separator: ", "))")
                }
            }
        case "integer":
            guard case .number(let number) = value, number.rounded() == number else { throw ValidationFailure("Invalid value at \(place) (TYPE_INT32)") }
        case "number":
            guard case .number = value else { throw ValidationFailure("Invalid value at \(place) (TYPE_DOUBLE)") }
        case "boolean":
            guard case .bool = value else { throw ValidationFailure("Invalid value at \(place) (TYPE_BOOL)") }
        default:
            return
        }
    }
}

extension DiscoveryDocument.Segment {
    /// A variable segment with literal text before it (`{databasesId}` has none; kept general).
    fileprivate func withPrefix(_ prefix: String) -> DiscoveryDocument.Segment {
        prefix.isEmpty ? self : .literal(prefix)
    }
}

/// The parts of a discovery schema the validator reads.
final class JSONSchema: Sendable {
    let type: String?
    let format: String?
    let reference: String?
    let properties: [String: JSONSchema]
    let items: JSONSchema?
    let additionalProperties: JSONSchema?
    let enumeration: [String]?

    init(_ json: [String: Any]) {
        type = json["type"] as? String
        format = json["format"] as? String
        reference = json["$ref"] as? String
        properties = (json["properties"] as? [String: [String: Any]] ?? [:]).mapValues(JSONSchema.init)
        items = (json["items"] as? [String: Any]).map(JSONSchema.init)
        additionalProperties = (json["additionalProperties"] as? [String: Any]).map(JSONSchema.init)
        enumeration = json["enum"] as? [String]
    }
}

struct ValidationFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A JSON value, decoded strictly: `true` is never a number and `1` never a boolean.
public enum JSON: Sendable, Hashable, Codable, ExpressibleByStringLiteral {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    public init(stringLiteral value: String) { self = .string(value) }

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
        } else if let value = try? container.decode([JSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSON].self))
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

    subscript(key: String) -> JSON? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    var string: String? { if case .string(let value) = self { value } else { nil } }
    var array: [JSON]? { if case .array(let value) = self { value } else { nil } }
    var object: [String: JSON]? { if case .object(let value) = self { value } else { nil } }
    var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
}
