import ArgumentParser

/// The `ratchet` command line: schema migrations for Cloud Spanner.
@available(macOS 10.15, macCatalyst 13, iOS 13, tvOS 13, watchOS 6, *)
public struct RatchetCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ratchet",
        abstract: "Schema migrations and schema versioning for Google Cloud Spanner.",
        discussion: """
            Exit status: 0 success; 1 a check found a difference (check, format --check, plans \
            diff); 2 diff --exit-code found no difference; 3 a change needs a flag such as \
            --allow-destructive; 64 a usage error; 65 invalid input (syntax errors, statements \
            Spanner would reject, unreadable files) or a failed run; 130 interrupted (Ctrl-C or \
            SIGTERM during a live run; nothing is cancelled on Spanner).
            """,
        version: RatchetCommand.version,
        subcommands: [
            InitCommand.self, RevisionCommand.self, UpgradeCommand.self, DowngradeCommand.self, CurrentCommand.self,
            HistoryCommand.self, HeadsCommand.self, BranchesCommand.self, ShowCommand.self, MergeCommand.self,
            StampCommand.self, CheckCommand.self, DiffCommand.self, FormatCommand.self, SchemaCommand.self,
            PlansCommand.self, ReviewCommand.self, DatabaseCommand.self, FleetCommand.self, LintCommand.self,
        ]
    )

    /// Ratchet's version, as `ratchet --version` prints it.
    public static let version = "0.3.0"

    public init() {}

    /// Parses the process's arguments and runs the chosen subcommand, exiting with its status.
    ///
    /// This is the entry point of the `ratchet` executable and of users' own migration tools.
    public static func runAsRoot(arguments: [String]? = nil) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
