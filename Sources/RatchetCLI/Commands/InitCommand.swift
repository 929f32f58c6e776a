import ArgumentParser
import Foundation
import RatchetCore
import SpannerDDL

/// `ratchet init [DIR]`: a new project.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create ratchet.toml, schema.sql and the migrations directory.",
        discussion: "Refuses to overwrite any file that exists. Adds .ratchet/ (the local sandbox and cache) to .gitignore."
    )

    @Argument(help: "The project directory (default: the current directory).")
    var directory: String = "."

    @Option(help: ArgumentHelp("The SQL dialect of the project's databases: googlesql or postgresql.", valueName: "DIALECT"))
    var dialect: String = "googlesql"

    func validate() throws {
        guard Dialect(name: dialect) != nil else { throw ValidationError("--dialect must be googlesql or postgresql, not '\(dialect)'.") }
    }

    func run() throws {
        try reportingErrors {
            let root = URL(fileURLWithPath: directory).standardizedFileURL.path
            let dialect = Dialect(name: self.dialect) ?? .googleSQL
            let files = [
                (root + "/ratchet.toml", Self.config(dialect)),
                (root + "/schema.sql", Self.schema(dialect)),
            ]
            for (path, _) in files where FileSystem.exists(path) {
                throw RatchetError(.io, "\(path) already exists; init does not overwrite files", at: path)
            }
            if FileSystem.exists(root + "/versions") {
                throw RatchetError(.io, "\(root)/versions already exists; init does not overwrite it", at: root + "/versions")
            }
            if !FileSystem.isDirectory(root) { try FileSystem.createDirectory(root) }
            try FileSystem.createDirectory(root + "/versions")
            for (path, text) in files { try FileSystem.writeAtomically(Array(text.utf8), to: path, replacing: false) }
            let gitignore = root + "/.gitignore"
            let existing = FileSystem.exists(gitignore) ? String(decoding: try FileSystem.read(gitignore), as: UTF8.self) : ""
            if !existing.split(separator: "\n").contains(where: { $0.trimmingCharacters(in: .whitespaces) == ".ratchet/" }) {
                let text = existing + (existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n") + ".ratchet/\n"
                try FileSystem.writeAtomically(Array(text.utf8), to: gitignore)
            }
            Console.out(
                "Created a Ratchet project in \(root):\n  ratchet.toml\n  schema.sql\n  versions/\n  .gitignore (ignores .ratchet/)\nNext: declare tables in schema.sql, then `ratchet revision --autogenerate -m \"first tables\"` and `ratchet upgrade head`.\n")
        }
    }

    /// The starting `schema.sql`: comments saying what goes in it, in the project's dialect.
    static func schema(_ dialect: Dialect) -> String {
        switch dialect {
        case .googleSQL:
            return "-- The declared schema: Spanner GoogleSQL DDL, objects in any order.\n-- `ratchet revision --autogenerate -m MESSAGE` writes the migration that reaches it.\n"
        case .postgreSQL:
            return """
                -- The declared schema: Spanner PostgreSQL-dialect DDL, objects in any order.
                -- Bare names fold to lower case; "Quoted" names keep theirs. The primary key goes
                -- inside the parentheses, for example:
                --   CREATE TABLE singers (
                --     singer_id bigint PRIMARY KEY,
                --     name character varying(1024)
                --   );
                -- `ratchet revision --autogenerate -m MESSAGE` writes the migration that reaches it.

                """
        }
    }

    static func config(_ dialect: Dialect) -> String {
        """
        # Ratchet project settings. Paths are relative to this file.
        # Environment variables (RATCHET_DATABASE, RATCHET_MIGRATIONS, ...) override these; flags override both.

        dialect = "\(dialect.rawValue)"       # googlesql or postgresql: the SQL of schema.sql, revisions and the database
        migrations = "versions"      # revision files
        schema = "schema.sql"        # the declared schema
        database = "local"           # the local sandbox; or spanner://projects/P/instances/I/databases/D
        sandbox = ".ratchet/sandbox.sqlite"
        cache = ".ratchet/ratchet.sqlite"     # the plan cache; "off" disables it
        version_table_prefix = "ratchet_"

        # Named environments, chosen with --env NAME or RATCHET_ENV:
        # [env.prod]
        # database = "spanner://projects/my-project/instances/my-instance/databases/my-db"

        """
    }
}
