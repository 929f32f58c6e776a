import ArgumentParser
import Foundation
import RatchetCore

/// Upgrade, downgrade, stamp, current and check across a fleet: each member through the
/// library's `FleetMigrator`, the progress on standard error, the table on standard output.
enum FleetRunner {
    /// `upgrade|downgrade TARGET --fleet NAME`.
    static func migrate(direction: RevisionBody.Direction, target rawTarget: String, options: RunOptions, selection: FleetSelection, rollout: RolloutOptions, project projectOptions: ProjectOptions)
        async throws
    {
        if options.dryRun {
            try await dryRun(direction: direction, target: rawTarget, options: options, selection: selection, project: projectOptions)
            return
        }
        try await run(
            command: direction == .upgrade ? "upgrade" : "downgrade", target: rawTarget, selection: selection, rollout: rollout, project: projectOptions, connection: options.connection, policy: options.policy.policy(lockTimeout: options.lock.lockTimeout)
        ) { migrator, goal in
            await migrator.migrate(direction, to: goal)
        }
    }

    /// `stamp REV --fleet NAME`.
    static func stamp(revision: String, lock: LockOptions, connection: ConnectionOptions, selection: FleetSelection, rollout: RolloutOptions, project projectOptions: ProjectOptions) async throws {
        try await run(command: "stamp", target: revision, selection: selection, rollout: rollout, project: projectOptions, connection: connection, policy: MigrationPolicy(lockTimeout: lock.lockTimeout)) { migrator, goal in
            await migrator.stamp(goal)
        }
    }

    private static func run(
        command: String, target rawTarget: String, selection: FleetSelection, rollout options: RolloutOptions, project projectOptions: ProjectOptions,
        connection: ConnectionOptions, policy: MigrationPolicy, _ body: @escaping @Sendable (FleetMigrator, RevisionTarget) async -> FleetReport
    ) async throws {
        let (report, labels) = try await exiting { () async throws(RatchetError) -> (FleetReport, [String: String]) in
            let project = try projectOptions.loadProject()
            if rawTarget.contains(":") { throw RatchetError(.target, "a range START:END only works with --sql (offline); against a fleet each member starts from its own state") }
            let goal = try RevisionTarget(parsing: rawTarget)
            let fleet = try await CommandFleet.resolve(project, name: selection.fleet ?? "", adminRate: selection.adminRate, connection: connection)
            let (members, canaries) = try CommandFleet.canaries(options.canary, members: fleet.members)
            let display = FleetDisplay(members: members, project: project)
            let migrator = FleetMigrator(
                project: project, fleet: fleet.name, members: members, connection: fleet.connection, policy: policy,
                rollout: FleetRollout(parallel: selection.parallel, canaries: canaries, maxFailures: options.maxFailures),
                recorder: PlanCacheAccess.recorder(project.config), events: { display.report($0) })
            Console.error("\(command) \(goal) across fleet \(fleet.name): \(members.count) member\(members.count == 1 ? "" : "s"), \(selection.parallel) at a time" + (canaries > 0 ? ", \(canaries) canar\(canaries == 1 ? "y" : "ies") first" : ""))
            let interrupts = InterruptHandler {
                display.finish()
                Console.error(
                    "Interrupted. Nothing was cancelled on Spanner: schema operations already sent keep running, and rerunning the same command "
                        + "settles them and resumes every member where it stopped. `ratchet current --fleet \(fleet.name)` shows where each stands.")
                await InterruptHandler.bounded(seconds: 5) { await migrator.releaseLocks() }
            }
            interrupts.install()
            defer {
                interrupts.remove()
                display.finish()
            }
            return (await body(migrator, goal), FleetDisplay.labels(members))
        }
        if options.format == .json {
            Console.out(CommandFleet.json(report, command: command, target: rawTarget))
        } else {
            Console.out(CommandFleet.table(report, labels: labels))
        }
        if !report.succeeded { throw ExitStatus.fleetIncomplete }
    }

    /// `upgrade|downgrade --fleet NAME --dry-run`: what each member's run would be, and which
    /// would stop before sending anything (drift, pre-checks, an unreadable database).
    static func dryRun(direction: RevisionBody.Direction, target rawTarget: String, options: RunOptions, selection: FleetSelection, project projectOptions: ProjectOptions) async throws {
        let (previews, fleet) = try await exiting { () async throws(RatchetError) -> ([FleetMemberPreview], CommandFleet) in
            let project = try projectOptions.loadProject()
            let goal = try RevisionTarget(parsing: rawTarget)
            let fleet = try await CommandFleet.resolve(project, name: selection.fleet ?? "", adminRate: selection.adminRate, connection: options.connection)
            let migrator = FleetMigrator(
                project: project, fleet: fleet.name, members: fleet.members, connection: fleet.connection, policy: options.policy.policy(lockTimeout: 0),
                rollout: FleetRollout(parallel: selection.parallel), recorder: PlanCacheAccess.recorder(project.config))
            return (await migrator.preview(direction, to: goal), fleet)
        }
        let labels = FleetDisplay.labels(fleet.members)
        var rows = [["DATABASE", "HEADS", "STATEMENTS", "OPERATIONS", "DRIFT", "NOTE"]]
        for preview in previews {
            var note = preview.error.map { String($0.message.split(separator: "\n").first ?? "") } ?? ""
            if let failing = preview.failingPrechecks.first { note = "pre-check: \(failing.description)" + (preview.failingPrechecks.count > 1 ? " (+\(preview.failingPrechecks.count - 1))" : "") }
            rows.append([
                labels[preview.database.description] ?? preview.database.description, preview.heads.isEmpty ? "base" : preview.heads.joined(separator: ","),
                String(preview.statements), String(preview.schemaOperations), preview.drift > 0 ? "\(preview.drift) statements" : "-", note,
            ])
        }
        let stopping = previews.filter { $0.wouldStop(ignoringDrift: options.policy.ignoreDrift) }.count
        Console.out(TextTable.render(rows))
        Console.out("Fleet \(fleet.name): \(previews.count - stopping) of \(previews.count) members would run; \(stopping) would stop before sending anything.\n")
        if stopping > 0 { throw ExitStatus.fleetIncomplete }
    }

    /// `current --fleet NAME` and `check --fleet NAME`: each member's state, grouped.
    static func status(selection: FleetSelection, connection: ConnectionOptions, project: Project) async throws(RatchetError) -> (CommandFleet, [FleetMemberStatus]) {
        let fleet = try await CommandFleet.resolve(project, name: selection.fleet ?? "", adminRate: selection.adminRate, connection: connection)
        let migrator = FleetMigrator(
            project: project, fleet: fleet.name, members: fleet.members, connection: fleet.connection,
            rollout: FleetRollout(parallel: selection.parallel), recorder: PlanCacheAccess.recorder(project.config))
        return (fleet, await migrator.status())
    }

    /// A row per member, then the grouped summary of `all` (default: the members shown).
    static func statusTable(_ statuses: [FleetMemberStatus], fleet: CommandFleet, all: [FleetMemberStatus]? = nil) -> String {
        let labels = FleetDisplay.labels(fleet.members)
        var rows = [["DATABASE", "STATE", "HEADS", "PENDING", "NOTE"]]
        for status in statuses {
            var note = ""
            if let error = status.error {
                note = String(error.message.split(separator: "\n").first ?? "")
            } else if !status.partial.isEmpty {
                note = "part-way: \(status.partial.joined(separator: ", "))"
            } else if let first = status.drift.first {
                note = "drift: database has \(first)" + (status.drift.count > 1 ? " (+\(status.drift.count - 1))" : "")
            } else if !status.edited.isEmpty {
                note = "edited since applied: \(status.edited.joined(separator: ", "))"
            }
            rows.append([
                labels[status.database.description] ?? status.database.description, status.state.rawValue,
                status.error != nil ? "?" : (status.heads.isEmpty ? "base" : status.heads.joined(separator: ",")), status.error != nil ? "?" : String(status.pending.count), note,
            ])
        }
        return TextTable.render(rows) + "Fleet \(fleet.name): \(FleetSummary.states(all ?? statuses)).\n"
    }

    static func statusJSON(_ statuses: [FleetMemberStatus], fleet: CommandFleet, project: Project) -> String {
        let members = statuses.map { status in
            JSONText.object([
                ("database", JSONText.string(status.database.description)),
                ("state", JSONText.string(status.state.rawValue)),
                ("heads", JSONText.array(status.heads.map(JSONText.string))),
                ("atHead", status.error == nil && Set(status.heads) == Set(project.graph.heads) ? "true" : "false"),
                ("pending", JSONText.array(status.pending.map(JSONText.string))),
                ("partial", JSONText.array(status.partial.map(JSONText.string))),
                ("edited", JSONText.array(status.edited.map(JSONText.string))),
                ("drift", JSONText.array(status.drift.map(JSONText.string))),
                ("error", status.error.map { JSONText.string($0.message) } ?? "null"),
            ])
        }
        let counts = FleetMemberStatus.State.allCases.map { state in (state.rawValue, String(statuses.filter { $0.state == state }.count)) }
        return JSONText.object([
            ("fleet", JSONText.string(fleet.name)),
            ("summary", JSONText.string(FleetSummary.states(statuses))),
            ("heads", JSONText.array(project.graph.heads.sorted().map(JSONText.string))),
            ("counts", JSONText.object(counts)),
            ("members", JSONText.array(members)),
        ]) + "\n"
    }
}

/// `ratchet fleet`: the fleets of the project.
struct FleetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Show the databases of a fleet ([fleet.NAME] in ratchet.toml).",
        discussion: "`upgrade`, `downgrade`, `stamp`, `current` and `check` take --fleet NAME to work on every member.",
        subcommands: [ListCommand.self]
    )

    /// `ratchet fleet list NAME`.
    struct ListCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Print the databases a fleet resolves to: its list, its patterns' matches, its command's output.")

        @OptionGroup var project: ProjectOptions

        @Argument(help: "The fleet.")
        var name: String

        @Option(help: "Output format: text (a URL a line) or json.")
        var format: ListingFormat = .text

        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await exiting { () async throws(RatchetError) in
                let loaded = try project.loadProject()
                let fleet = try await CommandFleet.resolve(loaded, name: name, adminRate: nil, connection: connection)
                if format == .json {
                    Console.out(
                        JSONText.object([("fleet", JSONText.string(name)), ("members", JSONText.array(fleet.members.map { JSONText.string($0.description) }))]) + "\n")
                } else {
                    Console.out(fleet.members.map { $0.description + "\n" }.joined())
                }
            }
        }
    }
}
