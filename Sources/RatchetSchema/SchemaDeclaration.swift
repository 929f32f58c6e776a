import SpannerDDL
import SpannerSchema

/// A schema declared in Swift: the same model `schema.sql` builds, written as code.
///
/// ```swift
/// let catalog = SchemaDeclaration {
///     Table("Singers") {
///         Column("SingerId", .int64).notNull()
///         Column("Name", .string(1024))
///     }
///     .primaryKey("SingerId")
///     Index("SingersByName", on: "Singers", "Name")
/// }
/// ```
///
/// Every element renders one DDL statement, parsed by the same parser as `schema.sql` and
/// loaded through the same rule engine, so the two paths cannot disagree. Errors point at the
/// Swift line that declared the element.
public struct SchemaDeclaration: Sendable {
    public var elements: [any SchemaElement]

    public init(@SchemaBuilder _ content: () -> [any SchemaElement]) {
        elements = content()
    }

    public init(elements: [any SchemaElement]) {
        self.elements = elements
    }

    /// Tables declared with `renamed(from:)`: previous name and current name.
    public var tableRenames: [(from: String, to: String)] {
        elements.compactMap { element in
            guard let table = element as? Table, let previous = table.previousName else { return nil }
            return (previous, table.name)
        }
    }

    /// The declaration as DDL, one statement per element, in declaration order.
    public var ddl: String {
        elements.map { $0.ddl + ";\n" }.joined(separator: "\n")
    }

    /// The schema model, through Spanner's rules, for a database of `dialect`.
    ///
    /// The declaration is written once: for PostgreSQL each element is printed in that dialect
    /// (types renamed, expressions re-spelled) and read back, so the schema is exactly what a
    /// PostgreSQL `schema.sql` saying the same would give. A raw `DDL(...)` element may also be
    /// written in PostgreSQL directly.
    public func schema(dialect: Dialect = .googleSQL) throws(DeclarationError) -> Schema {
        var statements: [Statement] = []
        var owners: [(sql: String, source: SourceReference)] = []
        for element in elements {
            var document = DDLDocument.parse(element.ddl, fileName: element.source.description)
            var native = false
            if document.hasErrors && dialect == .postgreSQL {
                let postgreSQL = DDLDocument.parse(element.ddl, fileName: element.source.description, dialect: .postgreSQL)
                if !postgreSQL.hasErrors { (document, native) = (postgreSQL, true) }
            }
            if let error = document.errors.first {
                throw DeclarationError(source: element.source, message: "\(error.message) in the DDL it declares: \(element.ddl)")
            }
            for statement in document.statementList {
                var converted = [statement]
                if dialect == .postgreSQL && !native {
                    let printed = DDLPrinter.sql(statement, dialect: .postgreSQL)
                    let reread = DDLDocument.parse(printed, fileName: element.source.description, dialect: .postgreSQL)
                    if let error = reread.errors.first {
                        throw DeclarationError(source: element.source, message: "it has no PostgreSQL form: \(error.message) in \(printed)")
                    }
                    converted = reread.statementList
                }
                for statement in converted {
                    statements.append(statement)
                    owners.append((DDLPrinter.sql(statement, dialect: dialect), element.source))
                }
            }
        }
        do {
            return try Schema(declaring: statements, dialect: dialect)
        } catch {
            let source = owners.first { $0.sql == error.statement }?.source ?? elements.first?.source ?? SourceReference(file: "<schema>", line: 0)
            throw DeclarationError(source: source, message: error.message)
        }
    }
}

/// Where in Swift source an element was declared.
public struct SourceReference: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// A declaration Spanner would reject, at the Swift line that declared it.
public struct DeclarationError: Error, Sendable, CustomStringConvertible {
    public var source: SourceReference
    public var message: String

    public var description: String { "\(source): error: \(message)" }
}

/// One object of a declared schema.
public protocol SchemaElement: Sendable {
    /// The element as one DDL statement, without `;`.
    var ddl: String { get }
    var source: SourceReference { get }
}

@resultBuilder
public enum SchemaBuilder {
    public static func buildExpression(_ element: any SchemaElement) -> [any SchemaElement] { [element] }
    public static func buildExpression(_ elements: [any SchemaElement]) -> [any SchemaElement] { elements }
    public static func buildBlock(_ parts: [any SchemaElement]...) -> [any SchemaElement] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [any SchemaElement]?) -> [any SchemaElement] { part ?? [] }
    public static func buildEither(first: [any SchemaElement]) -> [any SchemaElement] { first }
    public static func buildEither(second: [any SchemaElement]) -> [any SchemaElement] { second }
    public static func buildArray(_ parts: [[any SchemaElement]]) -> [any SchemaElement] { parts.flatMap { $0 } }
}

// MARK: - Spelling

/// Names and values as DDL: every identifier goes through `IdentifierQuoting`.
enum Spell {
    static func name(_ name: String) -> String {
        name.split(separator: ".", omittingEmptySubsequences: false).map { IdentifierQuoting.spell(String($0)) }.joined(separator: ".")
    }

    static func names(_ names: [String]) -> String { names.map(name).joined(separator: ", ") }

    static func options(_ options: [(String, OptionValue)]) -> String {
        guard !options.isEmpty else { return "" }
        return " OPTIONS (" + options.map { "\($0.0) = \($0.1.ddl)" }.joined(separator: ", ") + ")"
    }
}

/// A value in `OPTIONS (...)`.
public enum OptionValue: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case null
    /// A literal as DDL text, such as `['a', 'b']`.
    case sql(String)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }

    var ddl: String {
        switch self {
        case .string(let value): Literal.stringLiteral(value)
        case .integer(let value): String(value)
        case .boolean(let value): value ? "TRUE" : "FALSE"
        case .null: "NULL"
        case .sql(let text): text
        }
    }
}
