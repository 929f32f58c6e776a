import Dispatch

/// Prints statements in Ratchet's one canonical form.
///
/// The layout follows what Spanner's GetDatabaseDdl returns: upper-case keywords, identifiers in
/// their own case and quoted only when needed, one column per line with a trailing comma, and
/// table clauses on continuation lines. Printing cannot fail, and parsing the output gives back
/// the same syntax tree.
public struct DDLPrinter {
    public private(set) var output: String = ""
    /// The dialect printed: PostgreSQL has its own layout, type names and quoting.
    public let dialect: Dialect

    public init(reservingCapacity capacity: Int = 0, dialect: Dialect = .googleSQL) {
        self.dialect = dialect
        output.reserveCapacity(capacity)
    }

    /// The canonical text of one statement, without a terminating `;`.
    public static func sql(_ statement: Statement) -> String { sql(statement, dialect: .googleSQL) }

    /// The canonical text of one statement in `dialect`, without a terminating `;`.
    public static func sql(_ statement: Statement, dialect: Dialect) -> String {
        var printer = DDLPrinter(dialect: dialect)
        printer.print(statement, columnComments: [:])
        return printer.output
    }

    /// A whole document as `ratchet format` writes it: each statement followed by `;` and a blank
    /// line, comments kept.
    public static func format(_ document: DDLDocument, dialect: Dialect = .googleSQL) -> String {
        var printer = DDLPrinter(reservingCapacity: document.source.bytes.count + document.source.bytes.count / 8, dialect: dialect)
        printer.output += printed(document.statements, dialect: dialect)
        for comment in document.trailingComments {
            printer.write(comment.text)
            printer.write("\n")
        }
        return printer.output
    }

    /// Formats statements with no comments, as `ratchet format` would.
    public static func format(_ statements: [Statement], dialect: Dialect = .googleSQL) -> String {
        printed(statements.map { ParsedStatement(statement: $0) }, dialect: dialect)
    }

    /// Statements printed in order, each with its `;` and blank line. A statement prints
    /// alone, so a long list is printed in chunks on every core and joined.
    static func printed(_ statements: [ParsedStatement], dialect: Dialect) -> String {
        let count = statements.count
        let chunks = count < 512 ? 1 : 32
        var parts = [String](repeating: "", count: chunks)
        parts.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            let work = { @Sendable (chunk: Int) in
                var printer = DDLPrinter(dialect: dialect)
                for index in (chunk * count / chunks)..<((chunk + 1) * count / chunks) { printer.print(statements[index]) }
                slots[chunk] = printer.output
            }
            if chunks == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: work) }
        }
        return chunks == 1 ? parts[0] : parts.joined()
    }

    // MARK: - Output primitives

    @inline(__always) mutating func write(_ text: String) { output += text }

    @inline(__always) mutating func write(_ identifier: Identifier) {
        if dialect == .postgreSQL {
            output += IdentifierQuoting.spell(identifier.name, dialect: .postgreSQL)
        } else if IdentifierQuoting.needsQuotes(identifier.name) {
            output += Literal.quotedIdentifier(identifier.name)
        } else {
            output += identifier.name
        }
    }

    /// An expression in the printer's dialect: one written in the other is re-spelled first
    /// (a schema declared in Swift, or converted between dialects).
    mutating func writeExpression(_ expression: Expression) {
        output += expression.dialect == dialect ? expression.text : expression.translated(to: dialect).text
    }

    mutating func write(_ name: ObjectName) {
        for (i, part) in name.parts.enumerated() {
            if i > 0 { output += "." }
            write(part)
        }
    }

    mutating func writeList(_ names: [Identifier]) {
        for (i, name) in names.enumerated() {
            if i > 0 { output += ", " }
            write(name)
        }
    }

    mutating func writeList(_ names: [ObjectName]) {
        for (i, name) in names.enumerated() {
            if i > 0 { output += ", " }
            write(name)
        }
    }

    mutating func writeKeyParts(_ parts: [KeyPart]) {
        output += "("
        for (i, part) in parts.enumerated() {
            if i > 0 { output += ", " }
            write(part.column)
            if part.descending { output += " DESC" }
            if let nulls = part.nulls { output += " NULLS " + nulls.rawValue }
        }
        output += ")"
    }

    mutating func write(_ options: OptionList) {
        output += "OPTIONS ("
        for (i, option) in options.entries.enumerated() {
            if i > 0 { output += ", " }
            write(option.name)
            output += " = "
            output += option.value.text
        }
        output += ")"
    }

    // MARK: - Statements with comments

    /// One statement with its comments, `;`, and a blank line.
    public mutating func print(_ parsed: ParsedStatement) {
        for comment in parsed.leadingComments {
            output += comment.text
            output += "\n"
        }
        print(parsed.statement, columnComments: parsed.columnComments)
        output += ";"
        if let trailing = parsed.trailingComment {
            output += " "
            output += trailing.text
        }
        output += "\n\n"
    }

    /// One statement, no terminator.
    public mutating func print(_ statement: Statement, columnComments: [Int: ColumnComments]) {
        if dialect == .postgreSQL {
            printPostgreSQL(statement, columnComments: columnComments)
            return
        }
        switch statement {
        case .createTable(let table): print(table, columnComments: columnComments)
        case .alterTable(let alter): print(alter)
        case .renameTable(let rename):
            output += "RENAME TABLE "
            for (i, pair) in rename.renames.enumerated() {
                if i > 0 { output += ", " }
                write(pair.from)
                output += " TO "
                write(pair.to)
            }
        case .createIndex(let index): print(index)
        case .createSearchIndex(let index): print(index)
        case .createVectorIndex(let index): print(index)
        case .alterIndex(let alter): print(alter)
        case .createView(let view): print(view)
        case .createChangeStream(let stream): print(stream)
        case .alterChangeStream(let alter): print(alter)
        case .createSequence(let sequence): print(sequence)
        case .alterSequence(let alter): print(alter)
        case .createSchema(let schema):
            output += "CREATE SCHEMA "
            if schema.ifNotExists { output += "IF NOT EXISTS " }
            write(schema.name)
        case .createModel(let model): print(model)
        case .alterModel(let alter): printAlterOptions("MODEL", alter)
        case .createProtoBundle(let bundle):
            output += "CREATE PROTO BUNDLE ("
            writeList(bundle.types)
            output += ")"
        case .alterProtoBundle(let bundle): print(bundle)
        case .createPlacement(let placement): printCreateOptions("PLACEMENT", placement)
        case .alterPlacement(let alter): printAlterOptions("PLACEMENT", alter)
        case .createLocalityGroup(let group): printCreateOptions("LOCALITY GROUP", group)
        case .alterLocalityGroup(let alter): printAlterOptions("LOCALITY GROUP", alter)
        case .createPropertyGraph(let graph):
            output += graph.orReplace ? "CREATE OR REPLACE PROPERTY GRAPH " : "CREATE PROPERTY GRAPH "
            if graph.ifNotExists { output += "IF NOT EXISTS " }
            write(graph.name)
            output += " "
            output += graph.body.text
        case .createFunction(let function): print(function)
        case .createRole(let role):
            output += "CREATE ROLE "
            write(role)
        case .grant(let grant): print(grant, isRevoke: false)
        case .revoke(let grant): print(grant, isRevoke: true)
        case .alterDatabase(let alter):
            output += "ALTER DATABASE "
            write(alter.name)
            output += " SET "
            write(alter.options)
        case .alterStatistics(let alter):
            output += "ALTER STATISTICS "
            write(alter.name)
            output += " SET "
            write(alter.options)
        case .analyze:
            output += "ANALYZE"
        case .drop(let drop):
            output += "DROP "
            output += drop.kind.rawValue
            if drop.ifExists { output += " IF EXISTS" }
            if let name = drop.name {
                output += " "
                write(name)
            }
        case .dml(let raw), .opaque(let raw):
            output += raw.text.text
        }
    }

    private mutating func printCreateOptions(_ kind: String, _ object: CreateOptionsObject) {
        output += "CREATE "
        output += kind
        output += " "
        if object.ifNotExists { output += "IF NOT EXISTS " }
        write(object.name)
        if let options = object.options {
            output += " "
            write(options)
        }
    }

    private mutating func printAlterOptions(_ kind: String, _ object: AlterOptionsObject) {
        output += "ALTER "
        output += kind
        output += " "
        if object.ifExists { output += "IF EXISTS " }
        write(object.name)
        guard !object.options.entries.isEmpty else { return }
        output += " SET "
        write(object.options)
    }
}

extension Statement: CustomStringConvertible {
    /// The canonical DDL, without a terminating `;`.
    public var description: String { DDLPrinter.sql(self) }
}
