import ArgumentParser
import Foundation
import PlanCache
import RatchetCore

/// `ratchet plans ...`: the plan cache, offline.
struct PlansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plans",
        abstract: "List, show, compare, export and prune the plans in the local cache.",
        subcommands: [PlansListCommand.self, PlansShowCommand.self, PlansDiffCommand.self, PlansExportCommand.self, PlansPruneCommand.self]
    )
}

/// Opens the cache for reading, or fails with a clear message (here the cache is the subject).
func openCache(_ options: ProjectOptions) throws -> PlanStore {
    try reportingErrors {
        let config = try options.loadConfig()
        guard !config.cacheFile.isEmpty else { throw RatchetError(.config, "the plan cache is off (cache = \"off\")", at: config.file) }
        do {
            let (store, warnings) = try PlanStore.open(path: config.cacheFile)
            for warning in warnings { Console.warning("\(warning)") }
            return store
        } catch let error as PlanCacheError {
            throw RatchetError(.io, "the plan cache cannot be opened: \(error.message)", at: config.cacheFile)
        }
    }
}

func loadPlan(_ store: PlanStore, _ id: Int64) throws -> CachedPlan {
    try reportingErrors {
        let plan: CachedPlan?
        do { plan = try store.plan(id) } catch let error as PlanCacheError { throw RatchetError(.io, "the plan cache cannot be read: \(error.message)", at: store.path) }
        guard let plan else { throw RatchetError(.target, "there is no plan \(id) in the cache; `ratchet plans list` shows them") }
        return plan
    }
}

struct PlansListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List cached plans, newest first.")

    @OptionGroup var project: ProjectOptions

    @Option(name: .customLong("for-database"), help: ArgumentHelp("Only plans for this database (local, a spanner:// URL, or 'A -> B' for diffs).", valueName: "DATABASE"))
    var forDatabase: String?

    @Option(help: "Only plans of this kind: autogenerate, diff, upgrade, downgrade.")
    var kind: String?

    @Option(help: ArgumentHelp("Only plans since a time: a duration (7d, 12h) or an ISO 8601 date.", valueName: "WHEN"))
    var since: String?

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    func validate() throws {
        if let kind, CachedPlan.Kind(rawValue: kind) == nil { throw ValidationError("--kind must be one of: \(CachedPlan.Kind.allCases.map(\.rawValue).joined(separator: ", ")).") }
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json.") }
    }

    func run() throws {
        let store = try openCache(project)
        let cutoff = since.map { PlanText.duration($0).map(PlanText.timestamp(secondsAgo:)) ?? $0 }
        let rows = try reportingErrors {
            do { return try store.list(database: forDatabase, kind: kind.flatMap(CachedPlan.Kind.init(rawValue:)), since: cutoff) } catch let error as PlanCacheError { throw RatchetError(.io, error.message, at: store.path) }
        }
        if format == "json" {
            let items = rows.map { row in
                "{\"id\":\(row.id),\"kind\":\(JSONText.string(row.kind)),\"mode\":\(JSONText.string(row.mode)),\"createdAt\":\(JSONText.string(row.createdAt)),\"database\":\(JSONText.string(row.database)),\"environment\":\(row.environment.map(JSONText.string) ?? "null"),\"statements\":\(row.statementCount),\"outcome\":\(row.outcome.map(JSONText.string) ?? "null")}"
            }
            Console.out("[" + items.joined(separator: ",\n") + "]\n")
            return
        }
        var out = rows.isEmpty ? "No plans in the cache.\n" : ""
        for row in rows {
            out += "\(row.id)\t\(row.createdAt)\t\(row.kind) (\(row.mode))\t\(row.database)\(row.environment.map { " [\($0)]" } ?? "")\t\(row.statementCount) statement\(row.statementCount == 1 ? "" : "s")\(row.outcome.map { "\t\($0)" } ?? "")\n"
        }
        Console.out(out)
    }
}

struct PlansShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one cached plan.")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The plan id.")
    var id: Int64

    @Option(help: "Output format: text, sql or json.")
    var format: String = "text"

    func validate() throws {
        guard ["text", "sql", "json"].contains(format) else { throw ValidationError("--format must be text, sql or json.") }
    }

    func run() throws {
        let plan = try loadPlan(try openCache(project), id)
        switch format {
        case "json": Console.out(plan.json() + "\n")
        case "sql": Console.out(PlanText.sql(plan))
        default: Console.out(PlanText.text(plan))
        }
    }
}

struct PlansDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "Compare two cached plans statement by statement (exit 1 when they differ).")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The first plan id.")
    var first: Int64

    @Argument(help: "The second plan id.")
    var second: Int64

    func run() throws {
        let store = try openCache(project)
        let (text, identical) = PlanText.compare(try loadPlan(store, first), try loadPlan(store, second))
        Console.out(text)
        if !identical { throw ExitStatus.differences }
    }
}

struct PlansExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write a cached plan as JSON (the stable form documented in the README).")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The plan id.")
    var id: Int64

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "FILE"))
    var output: String?

    func run() throws {
        let plan = try loadPlan(try openCache(project), id)
        if let output {
            try reportingErrors { try FileSystem.writeAtomically(Array((plan.json() + "\n").utf8), to: output) }
        } else {
            Console.out(plan.json() + "\n")
        }
    }
}

struct PlansPruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prune", abstract: "Delete cached plans and snapshots older than a duration.")

    @OptionGroup var project: ProjectOptions

    @Option(help: ArgumentHelp("Such as 30d, 12h, 2w.", valueName: "DURATION"))
    var olderThan: String

    func validate() throws {
        guard PlanText.duration(olderThan) != nil else { throw ValidationError("--older-than takes a duration such as 30d, 12h, 90m or 2w.") }
    }

    func run() throws {
        let store = try openCache(project)
        let cutoff = PlanText.timestamp(secondsAgo: PlanText.duration(olderThan)!)
        let removed = try reportingErrors {
            do { return try store.prune(before: cutoff) } catch let error as PlanCacheError { throw RatchetError(.io, error.message, at: store.path) }
        }
        Console.out("Pruned \(removed.plans) plan\(removed.plans == 1 ? "" : "s") and \(removed.snapshots) snapshot\(removed.snapshots == 1 ? "" : "s") older than \(olderThan).\n")
    }
}

/// `ratchet review ID --html FILE`.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Render a cached plan as one self-contained HTML page.",
        discussion: "The page has the batches with their costs and warnings, the schema change before and after, and a diagram of the tables it touches. It loads nothing from the network."
    )

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The plan id (see `ratchet plans list`).")
    var id: Int64

    @Option(help: ArgumentHelp("The HTML file to write.", valueName: "FILE"))
    var html: String

    func run() throws {
        let plan = try loadPlan(try openCache(project), id)
        try reportingErrors { try FileSystem.writeAtomically(Array(ReviewPage.render(plan).utf8), to: html) }
        Console.out("Wrote \(html): plan \(id), \(plan.statements.count) statement\(plan.statements.count == 1 ? "" : "s").\n")
    }
}
