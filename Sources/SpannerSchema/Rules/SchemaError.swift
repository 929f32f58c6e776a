import SpannerDDL

/// A statement that Spanner would reject: the one error type of SpannerSchema.
///
/// It names the statement, the rule it breaks and, where there is one, what to do instead.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case duplicateName
        case unknownObject
        case unknownColumn
        case invalidKey
        case invalidInterleave
        case invalidForeignKey
        case invalidColumn
        case invalidIndex
        case dependentObjects
        case disallowedAlteration
        case limitExceeded
        /// An option name, value or combination Spanner does not accept.
        case invalidOption
        /// A query or expression body that names what does not exist or uses what is not allowed.
        case invalidBody
    }

    public var kind: Kind
    public var message: String
    /// The canonical text of the rejected statement, when known.
    public var statement: String?
    /// For a declared schema, the position in the caller's statement list of the statement
    /// that was rejected (a table's foreign keys are applied apart from it, so the printed
    /// statement alone does not find it).
    public var sourceIndex: Int?

    public init(kind: Kind, message: String, statement: String? = nil) {
        self.kind = kind
        self.message = message
        self.statement = statement
    }

    public var description: String {
        guard let statement else { return message }
        return "\(message)\n  in: \(statement.split(separator: "\n").first ?? "")"
    }

    // MARK: - Factories

    static func duplicate(_ kind: String, _ name: CustomStringConvertible, existing: String? = nil) -> SchemaError {
        let clash = existing.map { " (a \($0) has that name)" } ?? ""
        return SchemaError(kind: .duplicateName, message: "\(kind) \(name) already exists\(clash); names are unique regardless of case")
    }

    static func unknown(_ kind: String, _ name: CustomStringConvertible) -> SchemaError {
        SchemaError(kind: .unknownObject, message: "\(kind) \(name) does not exist")
    }

    static func unknownColumn(_ column: Identifier, in table: ObjectName, context: String) -> SchemaError {
        SchemaError(kind: .unknownColumn, message: "\(context): table \(table) has no column \(column)")
    }

    static func dependents(_ what: String, _ dependents: [String]) -> SchemaError {
        SchemaError(
            kind: .dependentObjects,
            message: "cannot drop \(what): \(dependents.joined(separator: ", ")) depend\(dependents.count == 1 ? "s" : "") on it; drop or alter \(dependents.count == 1 ? "it" : "them") first")
    }

    static func disallowed(_ message: String) -> SchemaError {
        SchemaError(kind: .disallowedAlteration, message: message)
    }

    static func option(_ message: String) -> SchemaError {
        SchemaError(kind: .invalidOption, message: message)
    }

    static func body(_ message: String) -> SchemaError {
        SchemaError(kind: .invalidBody, message: message)
    }

    static func limit(_ message: String) -> SchemaError {
        SchemaError(kind: .limitExceeded, message: message)
    }
}
