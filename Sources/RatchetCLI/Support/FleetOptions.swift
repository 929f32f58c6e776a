import ArgumentParser
import RatchetCore

/// Which fleet a command works on, and how hard it may drive the admin API.
struct FleetSelection: ParsableArguments {
    @Option(help: ArgumentHelp("Work on every database of the fleet NAME ([fleet.NAME] in ratchet.toml) instead of one database.", valueName: "NAME"))
    var fleet: String?

    @Option(help: ArgumentHelp("Fleets: members worked on at once.", valueName: "N"))
    var parallel: Int = 4

    @Option(
        help: ArgumentHelp(
            "Fleets: admin-API requests per second per Google Cloud project, across all members (default: 5, Spanner's quota; unbounded on the emulator).",
            valueName: "RATE"))
    var adminRate: Double?

    func validate() throws {
        if parallel < 1 { throw ValidationError("--parallel takes a number of members, 1 or more.") }
        if let adminRate, !(adminRate > 0) || !adminRate.isFinite { throw ValidationError("--admin-rate takes a number of requests per second above 0.") }
        if fleet == nil && (parallel != 4 || adminRate != nil) { throw ValidationError("--parallel and --admin-rate work on a fleet; give --fleet NAME.") }
    }
}

/// How a fleet run rolls out.
struct RolloutOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Fleets: canaries that run first; the rest start only if all of them succeed. A number (the first K members) or database ids or URLs, comma-separated.",
            valueName: "K|NAMES"))
    var canary: String?

    @Option(help: ArgumentHelp("Fleets: after this many members failed, no new member starts (running ones finish).", valueName: "F"))
    var maxFailures: Int?

    @Option(help: "Fleets: the final table of members as text or json.")
    var format: ListingFormat = .text

    func validate() throws {
        if let maxFailures, maxFailures < 1 { throw ValidationError("--max-failures takes a number of members, 1 or more.") }
        if let canary, let count = Int(canary), count < 0 { throw ValidationError("--canary takes a number of members (0 or more) or their names.") }
    }

    var isSet: Bool { canary != nil || maxFailures != nil || format != .text }
}

/// The checks every command that takes `--fleet` makes of its other options.
func validateFleet(_ fleet: FleetSelection, _ rollout: RolloutOptions?, options: RunOptions?, project: ProjectOptions) throws {
    guard fleet.fleet != nil else {
        if rollout?.isSet == true { throw ValidationError("--canary, --max-failures and --format work on a fleet; give --fleet NAME.") }
        return
    }
    if project.database != nil { throw ValidationError("--database names one database and --fleet many; give one of them.") }
    if options?.sql == true { throw ValidationError("--sql previews offline, the same for every member; run it without --fleet.") }
}
