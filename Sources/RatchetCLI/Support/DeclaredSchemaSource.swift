import RatchetCore
import RatchetSchema
import SchemaDiff
import SpannerDDL

/// Where the declared schema comes from: the project's `schema.sql`, or a Swift declaration
/// handed to `RatchetCommand.main(schema:)` by a user's own executable.
enum DeclaredSchemaSource {
    /// Bound for the duration of one command line run; a task-local, not a global.
    @TaskLocal static var declaration: SchemaDeclaration?

    static func load(_ config: ProjectConfig) throws(RatchetError) -> DeclaredSchema {
        guard let declaration else { return try DeclaredSchema.load(config.schemaFile, dialect: config.dialect) }
        do {
            let schema = try declaration.schema(dialect: config.dialect)
            func name(_ text: String) -> ObjectName { ObjectName(text.split(separator: ".").map { Identifier(String($0)) }) }
            let renames = declaration.tableRenames.map { TableRename(from: name($0.from), to: name($0.to)) }
            return DeclaredSchema(file: declaration.elements.first?.source.file ?? "<swift schema>", schema: schema, renames: renames)
        } catch {
            throw RatchetError(.migration, error.message, at: error.source.description)
        }
    }
}

extension RatchetCommand {
    /// Runs the `ratchet` command line with `schema` as the declared schema, in place of the
    /// project's `schema.sql`: the entry point of a user's own migration executable.
    ///
    /// ```swift
    /// // Sources/migrate/main.swift
    /// import RatchetCLI
    /// await RatchetCommand.main(schema: catalog)
    /// ```
    public static func main(schema: SchemaDeclaration, arguments: [String]? = nil) async {
        await DeclaredSchemaSource.$declaration.withValue(schema) {
            await runAsRoot(arguments: arguments)
        }
    }
}
