import ArgumentParser
import PlanCache
import RatchetCore
import SchemaDiff
import SpannerDDL
import SpannerSchema

/// Upgrade and downgrade: the offline `--sql` preview, the `--dry-run`, and the run, all
/// through the library's `Migrator`.
enum MigrationCommandRunner {
    static func run(
        direction: RevisionBody.Direction, target rawTarget: String, options: RunOptions, fleet: FleetSelection, rollout: RolloutOptions, project projectOptions: ProjectOptions
    ) async throws {
        if fleet.fleet != nil {
            try await FleetRunner.migrate(direction: direction, target: rawTarget, options: options, selection: fleet, rollout: rollout, project: projectOptions)
            return
        }
        try await exiting { () async throws(RatchetError) in
            let project = try projectOptions.loadProject()
            if options.sql {
                try await sql(direction: direction, target: rawTarget, options: options, project: project, projectOptions: projectOptions)
                return
            }
            if rawTarget.contains(":") {
                throw RatchetError(.target, "a range START:END only works with --sql (offline); against a database the start is its current state")
            }
            let goal = try RevisionTarget(parsing: rawTarget)
            let target = try projectOptions.target(project, create: !options.dryRun, connection: options.connection)
            let command = CommandMigrator(project: project, target: target, policy: options.policy.policy(lockTimeout: options.lock.lockTimeout))
            if options.dryRun {
                try await dryRun(direction: direction, goal: goal, command: command)
                return
            }
            let report = try await command.migrator.closing { () async throws(RatchetError) in
                try await command.interruptible { () async throws(RatchetError) in try await command.migrator.migrate(direction, to: goal) }
            }
            if report.isEmpty {
                Console.out("Nothing to do: \(target.displayName) is already at \(goal) (\(describe(report.headsBefore))).\n")
                return
            }
            if let failure = report.outcome.failure { throw failure }
            let statements = report.run.steps.count, operations = report.outcome.schemaOperations
            Console.out("\(direction.pastTense) \(target.displayName) to \(describe(report.headsAfter)): \(statements) statement\(statements == 1 ? "" : "s") in \(operations) schema operation\(operations == 1 ? "" : "s").\n")
        }
    }

    /// `--sql`: offline, whatever the database. The start is a range's START, the sandbox's
    /// state, or for a live database (which is not read) base on the way up and the heads on
    /// the way down.
    static func sql(direction: RevisionBody.Direction, target rawTarget: String, options: RunOptions, project: Project, projectOptions: ProjectOptions) async throws(RatchetError) {
        var targetText = rawTarget
        let start: PreviewStart, label: String
        if let colon = rawTarget.firstIndex(of: ":") {
            let from = String(rawTarget[..<colon])
            targetText = String(rawTarget[rawTarget.index(after: colon)...])
            label = from.isEmpty ? "base" : from
            start = from.isEmpty || from == "base" ? .base : .revisions(try RevisionTarget(parsing: from))
        } else if project.config.database == .local {
            let migrator = Migrator(
                project: project, target: try SandboxTarget(project: project, create: false), policy: options.policy.policy(lockTimeout: 0),
                events: { if case .warning(let text) = $0 { Console.warning(text) } })
            start = try await migrator.previewStart()
            label = "current"
        } else if direction == .downgrade {
            Console.warning("--sql does not read \(project.config.database): the downgrade starts from the heads; give FROM:\(targetText) to start elsewhere")
            (start, label) = (.heads, "heads")
        } else {
            (start, label) = (.base, "base")
        }
        let goal = try RevisionTarget(parsing: targetText)
        let (run, before) = try Migrator.preview(project, direction, from: start, to: goal)
        // Recording takes about as long as rendering on a long history: both at once.
        async let recorded: Void = Migrator.recordPreview(run, project: project, before: before, recorder: PlanCacheAccess.recorder(project.config))
        Console.out(OfflineSQL.render(run, project: project, from: label, to: goal.description, tables: VersionTables(prefix: project.config.versionTablePrefix, dialect: project.config.dialect)))
        await recorded
    }

    /// `--dry-run`: the plan from the database's state, printed as the SQL the run would send,
    /// with any drift; no lock, no version tables, no schema change.
    static func dryRun(direction: RevisionBody.Direction, goal: RevisionTarget, command: CommandMigrator) async throws(RatchetError) {
        let migrator = command.migrator
        let preview = try await migrator.closing { () async throws(RatchetError) in try await migrator.preview(direction, to: goal) }
        if !preview.drift.isEmpty {
            Console.warning("the schema of \(migrator.target.displayName) differs from what its applied revisions produce (drift); a run would stop:")
            for step in preview.drift.statements.prefix(20) { Console.error("  database has: \(step.sql.split(separator: "\n").first ?? "")") }
        }
        Console.out(
            OfflineSQL.render(
                preview.run, project: migrator.project, from: describe(preview.status.heads).replacingOccurrences(of: ", ", with: ","), to: goal.description,
                tables: VersionTables(prefix: migrator.project.config.versionTablePrefix, dialect: migrator.project.config.dialect)))
    }

    static func describe(_ heads: [String]) -> String {
        heads.isEmpty ? "base" : heads.joined(separator: ", ")
    }
}

/// `ratchet upgrade [TARGET]`.
struct UpgradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Apply revisions up to a target (default: head).",
        discussion: "TARGET: head, heads, a revision id or unique prefix, LABEL@head, or +N. With --sql, START:END previews a range offline."
    )

    @OptionGroup var project: ProjectOptions
    @OptionGroup var options: RunOptions
    @OptionGroup var fleet: FleetSelection
    @OptionGroup var rollout: RolloutOptions

    // Unrecognized arguments are kept so that `+1` and `-1` read as targets, not options.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Where to go (default: head).", valueName: "target"))
    var target: [String] = []

    func validate() throws {
        if target.count > 1 { throw ValidationError("upgrade takes one target; got \(target.joined(separator: " ")).") }
        try validateFleet(fleet, rollout, options: options, project: project)
    }

    func run() async throws {
        try await MigrationCommandRunner.run(direction: .upgrade, target: target.first ?? "head", options: options, fleet: fleet, rollout: rollout, project: project)
    }
}

/// `ratchet downgrade TARGET`.
struct DowngradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "downgrade",
        abstract: "Revert revisions down to a target.",
        discussion: "TARGET: base, a revision id or unique prefix, or -N. Downgrades that drop data need --allow-destructive."
    )

    @OptionGroup var project: ProjectOptions
    @OptionGroup var options: RunOptions
    @OptionGroup var fleet: FleetSelection
    @OptionGroup var rollout: RolloutOptions

    // Unrecognized arguments are kept so that `-1` reads as a target, not an option.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Where to go.", valueName: "target"))
    var target: [String] = []

    func validate() throws {
        if target.count != 1 { throw ValidationError("downgrade takes one target, such as base, a revision or -1.") }
        try validateFleet(fleet, rollout, options: options, project: project)
    }

    func run() async throws {
        try await MigrationCommandRunner.run(direction: .downgrade, target: target[0], options: options, fleet: fleet, rollout: rollout, project: project)
    }
}

/// `ratchet stamp REV`.
struct StampCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stamp",
        abstract: "Record a revision as applied without running anything.",
        discussion: "For a database whose schema already matches the revision. The schema itself is not changed."
    )

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The revision to record (or base to record nothing).")
    var revision: String

    @OptionGroup var lock: LockOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var fleet: FleetSelection
    @OptionGroup var rollout: RolloutOptions

    func validate() throws {
        try validateFleet(fleet, rollout, options: nil, project: project)
    }

    func run() async throws {
        if fleet.fleet != nil {
            try await FleetRunner.stamp(revision: revision, lock: lock, connection: connection, selection: fleet, rollout: rollout, project: project)
            return
        }
        try await exiting { () async throws(RatchetError) in
            let loaded = try project.loadProject()
            let goal = try RevisionTarget(parsing: revision)
            let command = CommandMigrator(project: loaded, target: try project.target(loaded, create: true, connection: connection), policy: MigrationPolicy(lockTimeout: lock.lockTimeout))
            let heads = try await command.migrator.closing { () async throws(RatchetError) in
                try await command.interruptible { () async throws(RatchetError) in try await command.migrator.stamp(goal) }
            }
            Console.out("Stamped \(command.migrator.target.displayName) at \(MigrationCommandRunner.describe(heads)); no statement was run.\n")
        }
    }
}

/// `ratchet current`.
struct CurrentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "current", abstract: "Show the revisions the database is at.")

    @OptionGroup var project: ProjectOptions

    @Flag(help: "Also show the history of runs.")
    var verbose = false

    @Option(help: "Output format: text or json (heads, applied and pending revisions, part-way ones).")
    var format: ListingFormat = .text

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var fleet: FleetSelection

    func validate() throws {
        try validateFleet(fleet, nil, options: nil, project: project)
        if fleet.fleet != nil && verbose { throw ValidationError("--verbose shows one database's history; run it with --database on a member.") }
    }

    func run() async throws {
        try await exiting { () async throws(RatchetError) in
            let loaded = try project.loadProject()
            if fleet.fleet != nil {
                let (members, statuses) = try await FleetRunner.status(selection: fleet, connection: connection, project: loaded)
                Console.out(format == .json ? FleetRunner.statusJSON(statuses, fleet: members, project: loaded) : FleetRunner.statusTable(statuses, fleet: members))
                return
            }
            let migrator = Migrator(
                project: loaded, target: try project.target(loaded, create: false, connection: connection),
                recorder: PlanCacheAccess.recorder(loaded.config))
            let (status, history) = try await migrator.closing { () async throws(RatchetError) in
                let status = try await migrator.status()
                if loaded.config.database == .local && FileSystem.exists(loaded.config.sandboxFile) {
                    // The sandbox's schema is at hand: keep it for offline work, as a live one is
                    // kept when reflected.
                    migrator.recorder?.snapshot(try await migrator.schema(status), database: loaded.config.database.description)
                }
                return (status, verbose ? try await migrator.history() : [])
            }
            for edited in try migrator.editedRevisions(status) {
                Console.warning("\(edited.file): revision \(edited.revision) was edited after it was applied (recorded checksum \(edited.recordedChecksum.prefix(12)), file \(edited.fileChecksum.prefix(12)))")
            }
            if format == .json {
                Console.out(Self.json(database: loaded.config.database, status: status, project: loaded))
                return
            }
            var out = Self.describe(status, project: loaded)
            for record in history { out += Self.line(record) }
            Console.out(out)
        }
    }

    static func describe(_ status: TargetStatus, project: Project) -> String {
        var out = status.heads.isEmpty ? "base (no revision applied)\n" : ""
        for head in status.heads {
            out += "\(head)\(project.graph.heads.contains(head) ? " (head)" : ""), \(project.revision(head).message)\n"
        }
        let pending = project.graph.revisions.count - status.applied.count
        if pending > 0 { out += "\(pending) revision\(pending == 1 ? "" : "s") not applied; `ratchet upgrade heads` applies them\n" }
        for (revision, partial) in status.partial.sorted(by: { $0.key < $1.key }) {
            out += "\(revision) is partly applied (\(partial.direction.rawValue)): \(partial.statements) statement\(partial.statements == 1 ? "" : "s"); the next run resumes it\n"
        }
        return out
    }

    /// One history row of `current --verbose`.
    static func line(_ record: HistoryRecord) -> String {
        var out = "  \(record.at ?? "-") \(record.direction.rawValue) \(record.revision) \(record.state.rawValue): \(record.statements) statement\(record.statements == 1 ? "" : "s")"
        if let operation = record.operation { out += " [\(operation.operation)]" }
        if !record.note.isEmpty { out += "; \(record.note)" }
        return out + "\n"
    }

    /// `current --format json`: the database, its heads, the applied and pending revisions in
    /// graph order, and revisions left part-way.
    static func json(database: DatabaseURL, status: TargetStatus, project: Project) -> String {
        let order = project.graph.order
        let partialItems = status.partial.sorted(by: { $0.key < $1.key }).map { id, partial in
            JSONText.object([("revision", JSONText.string(id)), ("direction", JSONText.string(partial.direction.rawValue)), ("statements", String(partial.statements))])
        }
        return JSONText.object([
            ("database", JSONText.string(database.description)),
            ("heads", JSONText.array(status.heads.map(JSONText.string))),
            ("atHead", Set(status.heads) == Set(project.graph.heads) ? "true" : "false"),
            ("applied", JSONText.array(order.filter { status.applied.contains($0) }.map(JSONText.string))),
            ("pending", JSONText.array(order.filter { !status.applied.contains($0) }.map(JSONText.string))),
            ("partial", JSONText.array(partialItems)),
        ]) + "\n"
    }
}

/// `ratchet check`: the CI gate.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Fail when the revisions do not replay or do not produce the declared schema (or a live database is behind or drifted).",
        discussion: """
            Exit 0: they replay and match. Exit 1: they differ (the missing plan is printed). \
            Exit 65: a revision does not parse or breaks a Spanner rule. With a spanner:// \
            database, the database is checked too: revisions not applied, applied revisions \
            edited since, a revision left part-way, or a live schema that differs from what its \
            revisions produce (drift) exit 1. --offline skips the database.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Flag(help: "Check the files only, even when the project names a live database.")
    var offline = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var fleet: FleetSelection

    func validate() throws {
        try validateFleet(fleet, nil, options: nil, project: project)
        if fleet.fleet != nil && offline { throw ValidationError("--offline checks the files only; --fleet checks every member's database. Give one of them.") }
    }

    func run() async throws {
        let (loaded, differences, file) = try reportingErrors { () throws -> (Project, Plan, String) in
            let loaded = try project.loadProject()
            let schema = try MigrationRun.replay(loaded, applied: Set(loaded.graph.order))
            let declared = try DeclaredSchemaSource.load(loaded.config)
            do {
                return (loaded, try SchemaDiff.plan(from: schema, to: declared.schema, policy: .permissive, renames: declared.renames), declared.file)
            } catch let error as DiffError {
                throw RatchetError(.migration, error.message, at: declared.file)
            }
        }
        var failed = false
        if differences.isEmpty {
            Console.out("OK: the revisions replay and produce the declared schema (\(file)).\n")
        } else {
            Console.error("The declared schema (\(file)) differs from the schema the revisions produce; `ratchet revision --autogenerate -m MESSAGE` writes this migration:")
            Console.out(PlanRenderer.render(differences, as: .text))
            failed = true
        }
        // The database is checked when it is a live one: the sandbox is a scratch copy, whose
        // place in the history is nobody's contract.
        if let name = fleet.fleet {
            let (members, statuses) = try await exiting { () async throws(RatchetError) in try await FleetRunner.status(selection: fleet, connection: connection, project: loaded) }
            let unhealthy = statuses.filter { !$0.isHealthy }
            if unhealthy.isEmpty {
                Console.out("OK: every member of fleet \(name) (\(statuses.count)) is at the heads, unedited and without drift.\n")
            } else {
                Console.error("Fleet \(name): \(unhealthy.count) of \(statuses.count) members are not where the revisions say they should be:")
                Console.out(FleetRunner.statusTable(unhealthy, fleet: members, all: statuses))
                failed = true
            }
        } else if !offline && loaded.config.database != .local {
            let problems = try await exiting { () async throws(RatchetError) -> [String] in
                let migrator = Migrator(
                    project: loaded, target: try project.target(loaded, create: false, connection: connection),
                    recorder: PlanCacheAccess.recorder(loaded.config))
                return try await migrator.closing { () async throws(RatchetError) in try await migrator.problems() }
            }
            if problems.isEmpty {
                Console.out("OK: \(loaded.config.database) is at the heads, its applied revisions are unedited, and its schema is what they produce.\n")
            } else {
                Console.error("\(loaded.config.database) is not where the revisions say it should be:")
                Console.out(problems.map { "  \($0)\n" }.joined())
                failed = true
            }
        }
        if failed { throw ExitStatus.differences }
    }
}
