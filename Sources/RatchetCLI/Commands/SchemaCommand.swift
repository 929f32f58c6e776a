import ArgumentParser
import RatchetCore
import RatchetSchema
import SpannerDDL
import SpannerSchema

/// `ratchet schema ...`: the declared and the migrated schema, printed.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print schemas: the one the revisions produce, or a schema as Swift.",
        subcommands: [SchemaDumpCommand.self, SchemaExportSwiftCommand.self]
    )
}

/// `ratchet schema dump`: the schema the revisions produce, as canonical DDL.
struct SchemaDumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print the schema the revisions produce up to the heads (or the declared schema) as canonical DDL."
    )

    @OptionGroup var project: ProjectOptions

    @Flag(help: "Print the declared schema instead (schema.sql or the Swift declaration).")
    var declared = false

    func run() throws {
        try reportingErrors {
            let loaded = try project.loadProject()
            let schema = declared ? try DeclaredSchemaSource.load(loaded.config).schema : try MigrationRun.replay(loaded, applied: Set(loaded.graph.order))
            Console.out(DDLPrinter.format(schema.statements))
        }
    }
}

/// `ratchet schema export-swift [FILE]`: a DDL schema as the Swift DSL.
struct SchemaExportSwiftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-swift",
        abstract: "Print the Swift declaration (RatchetSchema DSL) of a DDL schema file.",
        discussion: "Without FILE, the project's declared schema.sql. The output builds the same model: paste it into your migration executable."
    )

    @OptionGroup var project: ProjectOptions

    @Argument(help: "A DDL schema file (default: the project's schema.sql).")
    var file: String?

    @Option(help: "The name of the Swift constant.")
    var name: String = "schema"

    func validate() throws {
        guard let first = name.first, first.isLetter || first == "_", name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw ValidationError("--name must be a Swift identifier.")
        }
    }

    func run() throws {
        try reportingErrors {
            let path = try file ?? project.loadConfig().schemaFile
            let declared = try DeclaredSchema.load(path)
            Console.out(SwiftExporter.export(declared.schema, name: name))
        }
    }
}
