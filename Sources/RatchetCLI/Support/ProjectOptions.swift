import ArgumentParser
import RatchetCore

/// Options every project command shares: which config, which environment, which database.
struct ProjectOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The project's config file (default: ./ratchet.toml, or RATCHET_CONFIG).", valueName: "PATH"))
    var config: String?

    @Option(help: ArgumentHelp("The [env.NAME] table of ratchet.toml to use (or RATCHET_ENV).", valueName: "NAME"))
    var env: String?

    @Option(help: ArgumentHelp("The database: local, or spanner://projects/P/instances/I/databases/D (or RATCHET_DATABASE).", valueName: "URL"))
    var database: String?

    @Option(help: ArgumentHelp("The migrations directory (or RATCHET_MIGRATIONS).", valueName: "DIR"))
    var migrations: String?

    @Option(help: ArgumentHelp("The declared schema file (or RATCHET_SCHEMA).", valueName: "FILE"))
    var schema: String?

    func loadConfig() throws(RatchetError) -> ProjectConfig {
        var values: [ProjectConfig.Key: String] = [:]
        if let database { values[.database] = database }
        if let migrations { values[.migrations] = migrations }
        if let schema { values[.schema] = schema }
        return try ProjectConfig.load(path: config, overrides: ProjectConfig.Overrides(environment: env, values: values))
    }

    func loadProject() throws(RatchetError) -> Project {
        try Project(config: loadConfig())
    }

    /// The project's database as a migration target: the local sandbox (created when
    /// `create`), or its live database.
    func target(_ project: Project, create: Bool, connection: ConnectionOptions) throws(RatchetError) -> any MigrationTarget {
        try LiveConnection.target(project, create: create, accessTokenCommand: connection.accessTokenCommand)
    }
}

/// Runs a command body, printing a `RatchetError` and turning it into the exit status.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as RatchetError {
        Console.report(error)
        throw ExitStatus.of(error)
    }
}

/// `reportingErrors` for bodies that await (live databases); a file's problems, already printed
/// with their locations, exit as invalid input too.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as RatchetError {
        Console.report(error)
        throw ExitStatus.of(error)
    } catch is SchemaFile.Failure {
        throw ExitStatus.inputError
    }
}

/// Runs a command body that fails only with a `RatchetError`: prints it once, in the one
/// format, and turns it into the exit status.
func exiting<T>(_ body: () async throws(RatchetError) -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        Console.report(error)
        throw ExitStatus.of(error)
    }
}
