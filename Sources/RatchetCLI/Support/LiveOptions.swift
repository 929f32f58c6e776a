import ArgumentParser
import RatchetCore

/// How a command reaches a live database: shared by every command that may read one.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Live databases: a command that prints an access token, such as 'gcloud auth print-access-token'.", valueName: "COMMAND"))
    var accessTokenCommand: String?
}

/// How long a command that writes the version tables waits for another run's lock.
struct LockOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Seconds to wait for another run's migration lock (0: fail at once when it is held).", valueName: "SECONDS"))
    var lockTimeout: Double = 0

    func validate() throws {
        if lockTimeout < 0 || !lockTimeout.isFinite { throw ValidationError("--lock-timeout takes a number of seconds, 0 or more.") }
    }
}

/// What a run may do beyond the safe path.
struct PolicyOptions: ParsableArguments {
    @Flag(help: "Accept applied revisions whose files were edited since.")
    var allowEdited = false

    @Flag(help: "Allow steps that lose data without a -- ratchet:data-loss mark (and any, on a downgrade).")
    var allowDestructive = false

    @Flag(help: "Run even when the database's schema differs from what its applied revisions produce.")
    var ignoreDrift = false

    @Flag(help: "Send validating statements without first counting the rows they would fail on (live databases).")
    var skipPrechecks = false

    func policy(lockTimeout: Double) -> MigrationPolicy {
        MigrationPolicy(allowEdited: allowEdited, allowDestructive: allowDestructive, ignoreDrift: ignoreDrift, lockTimeout: lockTimeout, skipPrechecks: skipPrechecks)
    }
}

/// Options shared by upgrade and downgrade.
struct RunOptions: ParsableArguments {
    @Flag(help: "Print the SQL the run would send, batch by batch, without touching the database.")
    var sql = false

    @Flag(help: "Connect, read the database's state and schema, and print the plan with its batches and costs, changing nothing.")
    var dryRun = false

    @OptionGroup var policy: PolicyOptions
    @OptionGroup var lock: LockOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if sql && dryRun { throw ValidationError("--sql previews offline and --dry-run reads the database; choose one.") }
    }
}
