import ArgumentParser
import PlanCache
import RatchetCore
import SchemaDiff
import SpannerDDL
import SpannerSchema

/// Options shared by upgrade and downgrade.
struct RunOptions: ParsableArguments {
    @Flag(help: "Print the SQL the run would send, batch by batch, without touching the database.")
    var sql = false

    @Flag(help: "Live databases: connect, reflect and print the plan with its batches and costs, changing nothing.")
    var dryRun = false

    @Flag(help: "Accept applied revisions whose files were edited since.")
    var allowEdited = false

    @Flag(help: "Allow steps that lose data (drops, and anything marked ratchet:data-loss).")
    var allowDestructive = false

    @Flag(help: "Live databases: run even when the live schema differs from what the applied revisions produce.")
    var ignoreDrift = false

    @Option(help: ArgumentHelp("Live databases: how long to wait for another run's migration lock.", valueName: "SECONDS"))
    var lockTimeout: Double = 0

    @Option(help: ArgumentHelp("Live databases: a command that prints an access token, such as 'gcloud auth print-access-token'.", valueName: "COMMAND"))
    var accessTokenCommand: String?
}

/// Plans and runs one direction against the local sandbox, or prints it as SQL.
enum MigrationCommandRunner {
    /// Why a run that loses data is refused, and the two ways forward.
    static func dataLossMessage(_ direction: RevisionBody.Direction, _ count: Int) -> String {
        let statements = "\(count) statement\(count == 1 ? "" : "s")"
        if direction == .upgrade {
            return "this upgrade loses data in \(statements) not marked `-- ratchet:data-loss REASON` in its revision; mark each where it is reviewed, or rerun with --allow-destructive (preview it with --sql)"
        }
        return "this downgrade loses data in \(statements); rerun with --allow-destructive to run it, or preview it with --sql"
    }

    /// Live databases go to `LiveMigration`; the sandbox and `--sql` stay here.
    static func route(direction: RevisionBody.Direction, target: String, options: RunOptions, project projectOptions: ProjectOptions) async throws {
        // --sql is offline, whatever the database.
        let live = options.sql ? nil : try reportingErrors { () throws -> (Project, LiveDatabase)? in try projectOptions.loadLive(accessTokenCommand: options.accessTokenCommand) }
        guard let (project, database) = live else {
            try run(direction: direction, target: target, options: options, project: projectOptions)
            return
        }
        do {
            let parsed = try RevisionTarget(parsing: target)
            if options.dryRun {
                try await LiveMigration.dryRun(direction: direction, target: parsed, project: project, live: database)
            } else {
                try await LiveMigration.run(direction: direction, target: parsed, options: options, project: project, live: database)
            }
        } catch {
            Console.error(error.location == nil ? "ratchet: \(error.description)" : error.description)
            throw error.kind == .needsFlag ? ExitStatus.needsFlag : ExitStatus.inputError
        }
    }

    static func run(direction: RevisionBody.Direction, target rawTarget: String, options: RunOptions, project projectOptions: ProjectOptions) throws {
        try reportingErrors {
            let project = try projectOptions.loadProject()
            var startLabel = "current"
            var targetText = rawTarget
            var start: (applied: Set<String>, schema: Schema)?
            if let colon = rawTarget.firstIndex(of: ":") {
                guard options.sql else { throw RatchetError(.target, "a range START:END only works with --sql (offline); against a database the start is its current state") }
                let from = String(rawTarget[..<colon])
                targetText = String(rawTarget[rawTarget.index(after: colon)...])
                startLabel = from.isEmpty ? "base" : from
                if from.isEmpty || from == "base" {
                    start = ([], Schema())
                } else {
                    let applied = project.graph.ancestors(of: try project.graph.goals(of: RevisionTarget(parsing: from)))
                    start = (applied, try MigrationRun.replay(project, applied: applied))
                }
            }
            let target = try RevisionTarget(parsing: targetText)
            var warnings: [String] = []
            var runner: LocalRunner?
            var current: LocalRunner.Current?
            if start == nil {
                if options.sql && project.config.database != .local && direction == .downgrade {
                    // Offline, a live database's state is unknown: a downgrade starts from the
                    // heads (from base there would be nothing to revert). A range says otherwise.
                    let applied = project.graph.ancestors(of: project.graph.heads)
                    start = (applied, try MigrationRun.replay(project, applied: applied))
                    startLabel = "heads"
                    warnings.append("--sql does not read \(project.config.database): the downgrade starts from the heads; give FROM:\(targetText) to start elsewhere")
                } else if options.sql && project.config.database != .local {
                    start = ([], Schema())
                    startLabel = "base"
                } else {
                    let sandbox = try projectOptions.sandbox(project, create: !options.sql)
                    let local = LocalRunner(project: project, sandbox: sandbox)
                    let state = try local.current(allowEdited: options.allowEdited)
                    warnings += state.warnings
                    runner = local
                    current = state
                    start = (state.applied, state.schema)
                }
            }
            let path = direction == .upgrade
                ? try MigrationPath.upgrade(project.graph, from: start!.applied, to: target)
                : try MigrationPath.downgrade(project.graph, from: start!.applied, to: target)
            for warning in warnings { Console.error("warning: \(warning)") }
            let startedAt = CachedPlan.now()
            let prepared = ContinuousClock.now
            let run: MigrationRun
            do {
                run = try MigrationRun.prepare(project, path: path, from: start!.schema)
            } catch {
                if !options.sql {
                    // A run refused before anything was sent is history worth keeping too.
                    var failed = CachedPlan(kind: direction == .upgrade ? .upgrade : .downgrade, mode: .run, database: project.config.database.description,
                                            environment: project.config.environment, fromHeads: project.graph.heads(of: path.before),
                                            toHeads: project.graph.heads(of: path.after), statements: [])
                    failed.run = CachedPlan.Run(startedAt: startedAt, endedAt: CachedPlan.now(), outcome: "failed", error: String(describing: error),
                                                partialState: "nothing was applied; the sandbox is at \(describe(project.graph.heads(of: path.before)))")
                    PlanCacheAccess.record(failed, config: project.config)
                }
                throw error
            }
            if options.sql {
                Console.out(OfflineSQL.render(run, project: project, from: startLabel, to: target.description, tables: VersionTables(prefix: project.config.versionTablePrefix)))
                PlanCacheAccess.record(PlanRecord.run(run, project: project, mode: .sql, before: start!.schema), config: project.config)
                return
            }
            guard !path.isEmpty else {
                Console.out("Nothing to do: the sandbox is already at \(target) (\(describe(current!.heads))).\n")
                return
            }
            let lost = run.unacknowledgedDataLoss
            if !lost.isEmpty && !options.allowDestructive {
                throw RatchetError(.needsFlag, Self.dataLossMessage(direction, lost.count), at: lost[0].location,
                                   details: lost.prefix(10).map { "  \($0.location): \($0.planned.sql.split(separator: "\n").first ?? "") (\($0.planned.reason))" })
            }
            let clock = ContinuousClock(), began = clock.now
            let rows = try runner!.execute(run, current: current!, started: prepared)
            let elapsed = clock.now - began
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            // The sandbox applies a run as one SQLite transaction, so it has one timing; the live
            // runner records one per schema operation.
            let timings = [CachedPlan.BatchTiming(batch: 0, statements: run.steps.count, seconds: seconds, operation: "local sandbox transaction")]
            PlanCacheAccess.record(PlanRecord.run(run, project: project, mode: .run, before: start!.schema,
                                                  outcome: CachedPlan.Run(startedAt: startedAt, endedAt: CachedPlan.now(), outcome: "succeeded", batches: timings)),
                                   config: project.config)
            PlanCacheAccess.snapshot(ddl: DDLPrinter.format(run.finalSchema.statements), config: project.config)
            for warning in run.warnings { Console.error("warning: \(warning)") }
            var out = ""
            for row in rows {
                let revision = project.revision(row.revision)
                out += "\(direction == .upgrade ? "Applied" : "Reverted") \(row.revision) \(revision.message): \(row.statementsApplied) statement\(row.statementsApplied == 1 ? "" : "s")"
                if row.dmlSkipped > 0 { out += ", \(row.dmlSkipped) DML skipped (the sandbox holds no rows)" }
                out += "\n"
            }
            out += "\(direction == .upgrade ? "Upgraded" : "Downgraded") the local sandbox to \(describe(project.graph.heads(of: path.after))): \(run.steps.count) statement\(run.steps.count == 1 ? "" : "s") in \(run.batchCount) Spanner batch\(run.batchCount == 1 ? "" : "es").\n"
            Console.out(out)
        }
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

    // Unrecognized arguments are kept so that `+1` and `-1` read as targets, not options.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Where to go (default: head).", valueName: "target"))
    var target: [String] = []

    func validate() throws {
        if target.count > 1 { throw ValidationError("upgrade takes one target; got \(target.joined(separator: " ")).") }
    }

    func run() async throws {
        try await MigrationCommandRunner.route(direction: .upgrade, target: target.first ?? "head", options: options, project: project)
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

    // Unrecognized arguments are kept so that `-1` reads as a target, not an option.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Where to go.", valueName: "target"))
    var target: [String] = []

    func validate() throws {
        if target.count != 1 { throw ValidationError("downgrade takes one target, such as base, a revision or -1.") }
    }

    func run() async throws {
        try await MigrationCommandRunner.route(direction: .downgrade, target: target[0], options: options, project: project)
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

    @Option(help: ArgumentHelp("Live databases: a command that prints an access token.", valueName: "COMMAND"))
    var accessTokenCommand: String?

    @Option(help: ArgumentHelp("Live databases: seconds to wait for the migration lock.", valueName: "SECONDS"))
    var lockTimeout: Double = 0

    func run() async throws {
        if let (loaded, database) = try reportingErrors({ () throws -> (Project, LiveDatabase)? in try project.loadLive(accessTokenCommand: accessTokenCommand) }) {
            try await reportingErrors { try await LiveMigration.stamp(RevisionTarget(parsing: revision), project: loaded, live: database, lockTimeout: lockTimeout) }
            return
        }
        try reportingErrors {
            let loaded = try project.loadProject()
            let runner = LocalRunner(project: loaded, sandbox: try project.sandbox(loaded, create: true))
            let current = try runner.current(allowEdited: true, verifyChecksums: false)
            let applied = try runner.stamp(RevisionTarget(parsing: revision), current: current)
            Console.out("Stamped the local sandbox at \(MigrationCommandRunner.describe(loaded.graph.heads(of: applied))); no statement was run.\n")
        }
    }
}

/// `ratchet current`.
struct CurrentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "current", abstract: "Show the revisions the database is at.")

    @OptionGroup var project: ProjectOptions

    @Flag(help: "Also show the history of runs.")
    var verbose = false

    @Option(help: ArgumentHelp("Live databases: a command that prints an access token.", valueName: "COMMAND"))
    var accessTokenCommand: String?

    @Option(help: ArgumentHelp("Live databases: seconds to wait for the migration lock.", valueName: "SECONDS"))
    var lockTimeout: Double = 0

    @Option(help: "Output format: text or json (heads, applied and pending revisions, part-way ones).")
    var format: ListingFormat = .text

    func run() async throws {
        if let (loaded, database) = try reportingErrors({ () throws -> (Project, LiveDatabase)? in try project.loadLive(accessTokenCommand: accessTokenCommand) }) {
            try await reportingErrors { try await Self.live(loaded, database, verbose: verbose, json: format == .json) }
            return
        }
        try reportingErrors {
            let loaded = try project.loadProject()
            let sandbox = try project.sandbox(loaded, create: false)
            let current = try LocalRunner(project: loaded, sandbox: sandbox).current(allowEdited: true)
            for warning in current.warnings { Console.error("warning: \(warning)") }
            if FileSystem.exists(sandbox.path) {
                PlanCacheAccess.snapshot(ddl: DDLPrinter.format(current.schema.statements), config: loaded.config)
            }
            if format == .json {
                Console.out(Self.json(database: loaded.config.database, heads: current.heads, applied: current.applied, partial: [:], project: loaded))
                return
            }
            var out = Self.describe(heads: current.heads, applied: current.applied, project: loaded)
            if verbose {
                for row in try sandbox.history() {
                    out += "  \(row.direction) \(row.revision) \(row.state): \(row.statementsApplied) statements\(row.note.isEmpty ? "" : "; \(row.note)")\n"
                }
            }
            Console.out(out)
        }
    }

    static func describe(heads: [String], applied: Set<String>, project: Project) -> String {
        var out = heads.isEmpty ? "base (no revision applied)\n" : ""
        for head in heads {
            out += "\(head)\(project.graph.heads.contains(head) ? " (head)" : ""), \(project.revision(head).message)\n"
        }
        let pending = project.graph.revisions.count - applied.count
        if pending > 0 { out += "\(pending) revision\(pending == 1 ? "" : "s") not applied; `ratchet upgrade heads` applies them\n" }
        return out
    }

    /// `current --format json`: the database, its heads, the applied and pending revisions in
    /// graph order, and revisions left part-way.
    static func json(database: DatabaseURL, heads: [String], applied: Set<String>, partial: [String: (direction: String, statements: Int)], project: Project) -> String {
        let order = project.graph.order
        let partialItems = partial.keys.sorted().map { id in
            JSONText.object([("revision", JSONText.string(id)), ("direction", JSONText.string(partial[id]!.direction)), ("statements", String(partial[id]!.statements))])
        }
        return JSONText.object([
            ("database", JSONText.string(database.description)),
            ("heads", JSONText.array(heads.map(JSONText.string))),
            ("atHead", Set(heads) == Set(project.graph.heads) ? "true" : "false"),
            ("applied", JSONText.array(order.filter { applied.contains($0) }.map(JSONText.string))),
            ("pending", JSONText.array(order.filter { !applied.contains($0) }.map(JSONText.string))),
            ("partial", JSONText.array(partialItems)),
        ]) + "\n"
    }

    static func live(_ project: Project, _ database: LiveDatabase, verbose: Bool, json: Bool = false) async throws(RatchetError) {
        try await database.closing { () async throws(RatchetError) in try await report(project, database, verbose: verbose, json: json) }
    }

    private static func report(_ project: Project, _ database: LiveDatabase, verbose: Bool, json: Bool) async throws(RatchetError) {
        let runner = LiveRunner(project: project, database: database)
        let state = try await runner.state()
        if json {
            Console.out(Self.json(database: project.config.database, heads: state.heads, applied: state.applied, partial: state.partial, project: project))
            return
        }
        var out = describe(heads: state.heads, applied: state.applied, project: project)
        for (revision, partial) in state.partial.sorted(by: { $0.key < $1.key }) {
            out += "\(revision) is partly applied (\(partial.direction)): \(partial.statements) statement\(partial.statements == 1 ? "" : "s"); the next run resumes it\n"
        }
        if verbose, (try? await database.hasVersionTables()) == true {
            do {
                for entry in try await database.history() {
                    out += "  \(entry.committedAt ?? "-") \(entry.direction) \(entry.revision) \(entry.state): \(entry.statementsApplied) statements\(entry.operation.map { " [\($0.split(separator: "#").first ?? "")]" } ?? "")\n"
                }
            } catch {
                throw RatchetError(.sandbox, "cannot read the history: \(error)")
            }
        }
        Console.out(out)
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

    @Option(help: ArgumentHelp("Live databases: a command that prints an access token.", valueName: "COMMAND"))
    var accessTokenCommand: String?

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
        if !offline {
            let token = accessTokenCommand
            let problems = try await reportingErrors { () async throws -> [String]? in
                guard let database = try LiveConnection.open(loaded.config, accessTokenCommand: token) else { return nil }
                return try await database.closing { () async throws(RatchetError) in try await Self.problems(loaded, database) }
            }
            if let problems {
                if problems.isEmpty {
                    Console.out("OK: \(loaded.config.database) is at the heads, its applied revisions are unedited, and its schema is what they produce.\n")
                } else {
                    Console.error("\(loaded.config.database) is not where the revisions say it should be:")
                    Console.out(problems.map { "  \($0)\n" }.joined())
                    failed = true
                }
            }
        }
        if failed { throw ExitStatus.differences }
    }

    /// What keeps a live database from matching the revisions' heads, one line each.
    static func problems(_ project: Project, _ database: LiveDatabase) async throws(RatchetError) -> [String] {
        let runner = LiveRunner(project: project, database: database)
        let state = try await runner.state()
        var problems: [String] = []
        for (revision, partial) in state.partial.sorted(by: { $0.key < $1.key }) {
            problems.append("revision \(revision) is partly applied (\(partial.statements) statement\(partial.statements == 1 ? "" : "s"), \(partial.direction)); `ratchet upgrade` resumes it")
        }
        let pending = project.graph.order.filter { !state.applied.contains($0) }
        if !pending.isEmpty {
            problems.append("\(pending.count) revision\(pending.count == 1 ? "" : "s") not applied (\(pending.prefix(5).joined(separator: ", "))\(pending.count > 5 ? ", ..." : "")); `ratchet upgrade heads` applies \(pending.count == 1 ? "it" : "them")")
        }
        for edited in try await runner.editedRevisions(state) {
            problems.append("revision \(edited.revision) was edited after it was applied (recorded checksum \(edited.recorded.prefix(12)), file \(edited.file.prefix(12))); restore the file, or write a new revision")
        }
        let live = try await runner.reflect(state)
        PlanCacheAccess.snapshot(live, of: project.config.database, config: project.config)
        let drift = try runner.drift(state, live: live)
        for step in drift.statements {
            problems.append("drift: live has: \(step.sql.split(separator: "\n").first ?? "") (\(step.reason)); `ratchet revision --autogenerate --from-database` or a hand-written revision records it")
        }
        return problems
    }
}
