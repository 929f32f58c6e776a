import SpannerDDL
import SpannerSchema

/// Reads a declared schema from a DDL file, reporting every problem with its location.
enum SchemaFile {
    struct Failure: Error {}

    /// The schema the file declares (objects in any order), or `Failure` after printing why.
    static func load(_ path: String) throws -> Schema {
        try loadDocument(path).schema
    }

    /// The schema and the parsed file it came from (for annotations such as renames).
    static func loadDocument(_ path: String) throws -> (schema: Schema, document: DDLDocument) {
        let bytes: [UInt8]
        do {
            bytes = try FileIO.read(path)
        } catch {
            Console.error("ratchet: error: \(error)")
            throw Failure()
        }
        let source = SourceFile(name: path, bytes: bytes)
        let document = DDLDocument.parse(source)
        let table = document.diagnostics.isEmpty ? nil : source.makeLineTable()
        for diagnostic in document.diagnostics { Console.error(diagnostic.render(in: source, lineTable: table)) }
        guard !document.hasErrors else { throw Failure() }
        do {
            return (try Schema(declaring: document.statementList), document)
        } catch {
            // Point at the statement Spanner would reject.
            let location = document.statements.first { DDLPrinter.sql($0.statement) == error.statement }?.location
            let prefix = location.map { "\(path):\($0.line):\($0.column)" } ?? path
            Console.error("\(prefix): error: \(error.message)")
            throw Failure()
        }
    }
}
