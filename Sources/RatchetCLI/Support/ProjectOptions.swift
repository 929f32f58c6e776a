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

    /// The project and its live database, or nil when the project's database is the local sandbox.
    func loadLive(accessTokenCommand: String?) throws(RatchetError) -> (Project, LiveDatabase)? {
        let loaded = try loadProject()
        guard let database = try LiveConnection.open(loaded.config, accessTokenCommand: accessTokenCommand) else { return nil }
        return (loaded, database)
    }

    /// The local sandbox, or an error for a database this build cannot reach yet.
    func sandbox(_ project: Project, create: Bool) throws(RatchetError) -> LocalSandbox {
        guard project.config.database == .local else {
            throw RatchetError(.config, "this command works on the local sandbox only so far; \(project.config.database) is a live database (upgrade and downgrade support it)",
                               at: project.config.file)
        }
        return try LocalSandbox(path: project.config.sandboxFile, prefix: project.config.versionTablePrefix, create: create)
    }
}

/// Runs a command body, printing a `RatchetError` and turning it into the exit status.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as RatchetError {
        Console.error(error.location == nil ? "ratchet: \(error.description)" : error.description)
        throw error.kind == .needsFlag ? ExitStatus.needsFlag : ExitStatus.inputError
    }
}

/// `reportingErrors` for bodies that await (live databases); a file's problems, already printed
/// with their locations, exit as invalid input too.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as RatchetError {
        Console.error(error.location == nil ? "ratchet: \(error.description)" : error.description)
        throw error.kind == .needsFlag ? ExitStatus.needsFlag : ExitStatus.inputError
    } catch is SchemaFile.Failure {
        throw ExitStatus.inputError
    }
}
