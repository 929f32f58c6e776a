import ArgumentParser
import Foundation
import RatchetCore
import SpannerClient

/// `ratchet database create`.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "database",
        abstract: "Manage the project's live database.",
        subcommands: [DatabaseCreateCommand.self]
    )
}

struct DatabaseCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create the project's spanner:// database (on the emulator, its instance too).",
        discussion: "The database starts empty; `ratchet upgrade` creates the version tables and applies the revisions."
    )

    @OptionGroup var project: ProjectOptions

    @Flag(help: "Succeed, creating nothing, when the database exists already.")
    var ifNotExists = false

    @OptionGroup var connection: ConnectionOptions
    var accessTokenCommand: String? { connection.accessTokenCommand }

    func run() async throws {
        let (config, live) = try reportingErrors { () throws -> (ProjectConfig, LiveDatabase) in
            let config = try project.loadConfig()
            guard let live = try LiveConnection.open(config, accessTokenCommand: accessTokenCommand) else {
                throw RatchetError(.config, "the database is \(config.database); `database create` needs a spanner:// database", at: config.file)
            }
            return (config, live)
        }
        let client = live.client, path = live.path
        do throws(SpannerError) {
            if case .spanner(_, _, _, let emulator) = config.database, emulator != nil || LiveConnection.emulatorAddress(ProcessInfo.processInfo.environment) != nil {
                do {
                    _ = try await client.createEmulatorInstance(project: path.project, instance: path.instance)
                    Console.out("Created instance \(path.instanceName) on the emulator.\n")
                } catch  where error.code == .alreadyExists {}
            }
            let dialect = config.dialect == .postgreSQL ? config.dialect.apiName : nil
            let operation = try await client.wait(for: try await client.createDatabase(path, databaseDialect: dialect))
            if let error = operation.error { throw SpannerError.from(status: error) }
            Console.out("Created \(config.dialect == .postgreSQL ? "PostgreSQL-dialect " : "")database \(path.name).\n")
        } catch  where error.code == .alreadyExists {
            if ifNotExists {
                Console.out("Database \(path.name) exists already; nothing was created.\n")
                return
            }
            Console.failure("database \(path.name) exists already; nothing was created. Pass --if-not-exists to accept an existing database")
            throw ExitStatus.inputError
        } catch {
            Console.failure("cannot create \(path.name): \(error)")
            throw ExitStatus.inputError
        }
    }
}
