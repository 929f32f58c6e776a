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

/// `ratchet schema dump [SOURCE]`: a schema as canonical DDL.
struct SchemaDumpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print a schema as canonical DDL: by default the one the revisions produce up to the heads.",
        discussion: """
            SOURCE is what `ratchet diff` takes: a DDL file, spanner://..., declared, database \
            (the project's database: live, or the local sandbox) or revisions@TARGET. A live \
            database is printed without Ratchet's version tables.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The schema to print (default: revisions@heads).")
    var source: String?

    @Flag(help: "Print the declared schema (schema.sql or the Swift declaration); the same as SOURCE declared.")
    var declared = false

    @Flag(help: "Print the project's database schema (reflected when live); the same as SOURCE database.")
    var fromDatabase = false

    @OptionGroup var connection: ConnectionOptions
    var accessTokenCommand: String? { connection.accessTokenCommand }

    @OptionGroup var dialectOption: DialectOption

    func validate() throws {
        if [source != nil, declared, fromDatabase].filter({ $0 }).count > 1 {
            throw ValidationError("give one of SOURCE, --declared and --from-database.")
        }
    }

    func run() async throws {
        let operand = try reportingErrors { () throws -> SchemaOperand in
            if declared { return .declared }
            if fromDatabase { return .database }
            return try source.map { try SchemaOperand(parsing: $0) } ?? .revisions(.heads)
        }
        let options = project
        let token = accessTokenCommand
        let dialect = dialectOption.resolve(config: project.config)
        let resolved = try await reportingErrors {
            try await operand.resolve(project: { () throws(RatchetError) -> Project in try options.loadProject() }, dialect: dialect, accessTokenCommand: token)
        }
        Console.out(DDLPrinter.format(resolved.schema.statements, dialect: resolved.schema.dialect))
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

    @OptionGroup var dialectOption: DialectOption

    func validate() throws {
        guard let first = name.first, first.isLetter || first == "_", name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw ValidationError("--name must be a Swift identifier.")
        }
    }

    func run() throws {
        try reportingErrors {
            let path = try file ?? project.loadConfig().schemaFile
            let declared = try DeclaredSchema.load(path, dialect: dialectOption.resolve(config: project.config))
            Console.out(SwiftExporter.export(declared.schema, name: name))
        }
    }
}
