import SpannerDDL
import SpannerSchema

/// Reads a declared schema from a DDL file, reporting every problem with its location.
enum SchemaFile {
    struct Failure: Error {}

    /// The schema the file declares (objects in any order), or `Failure` after printing why.
    static func load(_ path: String, dialect: Dialect = .googleSQL) throws -> Schema {
        try loadDocument(path, dialect: dialect).schema
    }

    /// The schema and the parsed file it came from (for annotations such as renames).
    static func loadDocument(_ path: String, dialect: Dialect = .googleSQL) throws -> (schema: Schema, document: DDLDocument) {
        let loaded = read(path, dialect: dialect)
        for message in loaded.messages { Console.error(message) }
        guard let schema = loaded.schema, let document = loaded.document else { throw Failure() }
        return (schema, document)
    }

    /// Loads two files at once, on two cores, and reports their problems in argument order.
    static func loadPair(_ first: String, _ second: String, dialect: Dialect = .googleSQL) async throws -> (Loaded, Loaded) {
        async let a = Task.detached { read(first, dialect: dialect) }.value
        let b = read(second, dialect: dialect)
        let pair = await (a, b)
        for message in pair.0.messages + pair.1.messages { Console.error(message) }
        guard pair.0.schema != nil, pair.1.schema != nil else { throw Failure() }
        return pair
    }

    /// A file's schema, or the messages that say why there is none; prints nothing.
    struct Loaded: Sendable {
        var schema: Schema?
        var document: DDLDocument?
        var messages: [String] = []
    }

    static func read(_ path: String, dialect: Dialect = .googleSQL) -> Loaded {
        let bytes: [UInt8]
        do {
            bytes = try FileIO.read(path)
        } catch {
            return Loaded(messages: ["ratchet: error: \(error)"])
        }
        let source = SourceFile(name: path, bytes: bytes)
        let document = DDLDocument.parse(source, dialect: dialect)
        let table = document.diagnostics.isEmpty ? nil : source.makeLineTable()
        let messages = document.diagnostics.map { $0.render(in: source, lineTable: table) }
        guard !document.hasErrors else { return Loaded(messages: messages) }
        do {
            return Loaded(schema: try Schema(declaring: document.statementList, dialect: dialect), document: document, messages: messages)
        } catch {
            // Point at the statement Spanner would reject.
            let location =
                error.sourceIndex.map { document.statements[$0].location }
                ?? document.statements.first { DDLPrinter.sql($0.statement, dialect: dialect) == error.statement }?.location
            let prefix = location.map { "\(path):\($0.line):\($0.column)" } ?? path
            return Loaded(messages: messages + ["\(prefix): error: \(error.message)"])
        }
    }
}
