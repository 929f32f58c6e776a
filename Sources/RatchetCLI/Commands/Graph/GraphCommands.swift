import ArgumentParser
import RatchetCore

/// `ratchet heads`.
struct HeadsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "heads", abstract: "List the heads of the revision graph.")

    @OptionGroup var project: ProjectOptions

    @Flag(help: "Show each head's file, creation time and labels.")
    var verbose = false

    @Option(help: "Output format: text or json.")
    var format: ListingFormat = .text

    func run() throws {
        try reportingErrors {
            let graph = try project.loadProject().graph
            if format == .json {
                Console.out(JSONText.object([("heads", JSONText.array(graph.heads.map { HistoryFormatter.json($0, graph: graph, record: nil) }))]) + "\n")
                return
            }
            var out = ""
            for id in graph.heads { out += HistoryFormatter.line(id, graph: graph, verbose: verbose) }
            Console.out(out.isEmpty ? "No revisions yet.\n" : out)
        }
    }
}

/// `ratchet branches`.
struct BranchesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "branches", abstract: "List the revisions where the graph branches, and the branch labels.")

    @OptionGroup var project: ProjectOptions

    func run() throws {
        try reportingErrors {
            let graph = try project.loadProject().graph
            var out = ""
            for id in graph.branchPoints {
                out += HistoryFormatter.line(id, graph: graph, verbose: false)
                for child in graph.children[id] ?? [] { out += "  -> \(child) (\(graph.revisions[child]!.message))\n" }
            }
            for (label, id) in graph.labels.sorted(by: { $0.key < $1.key }) { out += "label \(label): starts at \(id)\n" }
            Console.out(out.isEmpty ? "No branches.\n" : out)
        }
    }
}

/// `ratchet history [-r A:B]`.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List revisions, newest first.",
        discussion: "With a spanner:// database, each revision the database holds shows when it was applied, by whom, and how long its statements took."
    )

    @OptionGroup var project: ProjectOptions

    @OptionGroup var connection: ConnectionOptions
    var accessTokenCommand: String? { connection.accessTokenCommand }

    @Option(help: "Output format: text or json.")
    var format: ListingFormat = .text

    @Option(name: [.customShort("r"), .long], help: ArgumentHelp("A range START:END (either side may be empty, base, head or a revision).", valueName: "RANGE"))
    var range: String?

    @Flag(help: "Show each revision's file, creation time, labels and dependencies.")
    var verbose = false

    func run() async throws {
        let (loaded, selected) = try reportingErrors { () throws -> (Project, [String]) in
            let loaded = try project.loadProject()
            let graph = loaded.graph
            var selected = graph.order
            if let range {
                let parts = range.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2 else { throw RatchetError(.target, "-r takes START:END, such as base:head or 1a2b:") }
                let end: Set<String> = parts[1].isEmpty ? Set(graph.order) : graph.ancestors(of: try graph.goals(of: RevisionTarget(parsing: parts[1])))
                var below = Set<String>()
                if !parts[0].isEmpty, parts[0] != "base" {
                    let start = try graph.goals(of: RevisionTarget(parsing: parts[0]))
                    below = graph.ancestors(of: start).subtracting(start)
                }
                selected = graph.sorted(end.subtracting(below))
            }
            return (loaded, selected)
        }
        let applied = await appliedRecords(loaded)
        if format == .json {
            let items = selected.reversed().map { HistoryFormatter.json($0, graph: loaded.graph, record: applied?[$0]) }
            Console.out(JSONText.object([("revisions", "[" + items.joined(separator: ",\n") + "]")]) + "\n")
            return
        }
        var out = ""
        out.reserveCapacity(selected.count * 80)
        for id in selected.reversed() {
            out += HistoryFormatter.line(id, graph: loaded.graph, verbose: verbose)
            if let applied, let entry = applied[id] { out += HistoryFormatter.applied(entry) }
        }
        Console.out(out.isEmpty ? "No revisions.\n" : out)
    }

    /// How the project's database holds each revision (its latest history row): from the live
    /// database, or from the local sandbox when it exists. Nil when the database cannot be read:
    /// the graph is still printed, with a warning.
    private func appliedRecords(_ project: Project) async -> [String: HistoryRecord]? {
        // A sandbox never used holds nothing; it is not created just to be read.
        if project.config.database == .local && !FileSystem.exists(project.config.sandboxFile) { return nil }
        let token = accessTokenCommand
        let read = { () async throws(RatchetError) -> [String: HistoryRecord] in
            let migrator = Migrator(project: project, target: try LiveConnection.target(project, create: false, accessTokenCommand: token))
            let (status, history) = try await migrator.closing { () async throws(RatchetError) in (try await migrator.status(), try await migrator.history()) }
            var latest: [String: HistoryRecord] = [:]
            for record in history { latest[record.revision] = record }
            // A revision reverted since, or never applied, shows nothing.
            return latest.filter { status.applied.contains($0.key) || $0.value.state == .partial || $0.value.state == .applying }
        }
        do {
            return try await read()
        } catch {
            Console.warning("\(error.description); the history is shown without what \(project.config.database == .local ? "the sandbox" : project.config.database.description) holds")
            return nil
        }
    }
}

/// `ratchet show REV`.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one revision: its place in the graph and its file.")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "A revision id, unique prefix, label, head or label@head.")
    var revision: String

    func run() throws {
        try reportingErrors {
            let loaded = try project.loadProject()
            let graph = loaded.graph
            let ids = try graph.goals(of: RevisionTarget(parsing: revision))
            guard ids.count == 1 else { throw RatchetError(.target, "'\(revision)' names \(ids.count) revisions; name one") }
            let id = ids[0]
            let body = try loaded.body(of: id)
            var out = HistoryFormatter.line(id, graph: graph, verbose: true)
            out += "    upgrade: \(body.upgrade.count) statement\(body.upgrade.count == 1 ? "" : "s"), checksum \(body.upgradeChecksum.prefix(16))\n"
            out += "    downgrade: \(body.downgrade.count) statement\(body.downgrade.count == 1 ? "" : "s"), checksum \(body.downgradeChecksum.prefix(16))\n\n"
            out += String(decoding: try FileSystem.read(graph.revisions[id]!.file), as: UTF8.self)
            Console.out(out)
        }
    }
}

/// One line (or block, verbose) per revision, in Alembic's shape.
enum HistoryFormatter {
    /// One revision as JSON: its place in the graph and, when known, how the database holds it.
    static func json(_ id: String, graph: RevisionGraph, record: HistoryRecord?) -> String {
        let revision = graph.revisions[id]!
        var fields: [(String, String)] = [
            ("revision", JSONText.string(id)),
            ("parents", JSONText.array(revision.parents.map(JSONText.string))),
            ("message", JSONText.string(revision.message)),
            ("created", JSONText.string(revision.created)),
            ("file", JSONText.string(revision.file)),
            ("branchLabels", JSONText.array(revision.branchLabels.map(JSONText.string))),
            ("dependsOn", JSONText.array(revision.dependsOn.map(JSONText.string))),
            ("head", graph.children[id] == nil ? "true" : "false"),
            ("mergepoint", revision.isMerge ? "true" : "false"),
        ]
        if let record {
            fields.append(
                (
                    "database",
                    JSONText.object([
                        ("state", JSONText.string(record.state.rawValue)),
                        ("direction", JSONText.string(record.direction.rawValue)),
                        ("statements", String(record.statements)),
                        ("at", record.at.map(JSONText.string) ?? "null"),
                        ("who", record.who.map(JSONText.string) ?? "null"),
                        ("durationMs", record.durationMs.map { String($0) } ?? "null"),
                    ])
                ))
        }
        return JSONText.object(fields)
    }

    /// The line under a revision that says how the database holds it.
    static func applied(_ entry: HistoryRecord) -> String {
        var parts: [String] = []
        switch entry.state {
        case .applied: parts.append(entry.direction == .upgrade ? "applied" : entry.direction.rawValue)
        case .stamped: parts.append("stamped")
        case .partial: parts.append("partly applied (\(entry.statements) statement\(entry.statements == 1 ? "" : "s"), \(entry.direction.rawValue)); the next run resumes it")
        case .applying: parts.append("being applied, or left by a run that stopped; the next run settles it")
        case .failed: parts.append("failed before any of its statements ran")
        }
        if let at = entry.at, !at.isEmpty { parts.append("at \(at)") }
        if let who = entry.who, !who.isEmpty { parts.append("by \(who)") }
        if let ms = entry.durationMs, entry.state != .stamped { parts.append("in \(ms < 1000 ? "\(ms) ms" : String(format: "%.1f s", Double(ms) / 1000))") }
        return "    " + parts.joined(separator: " ") + "\n"
    }

    static func line(_ id: String, graph: RevisionGraph, verbose: Bool) -> String {
        let revision = graph.revisions[id]!
        var tags: [String] = []
        if graph.children[id] == nil { tags.append("head") }
        if (graph.children[id]?.count ?? 0) > 1 { tags.append("branchpoint") }
        if revision.isMerge { tags.append("mergepoint") }
        let parents = revision.parents.isEmpty ? "<base>" : revision.parents.joined(separator: ", ")
        var out = "\(parents) -> \(id)\(tags.isEmpty ? "" : " (" + tags.joined(separator: ") (") + ")"), \(revision.message)\n"
        if verbose {
            out += "    file: \(revision.file)\n    created: \(revision.created)\n"
            if !revision.branchLabels.isEmpty { out += "    branch labels: \(revision.branchLabels.joined(separator: ", "))\n" }
            if !revision.dependsOn.isEmpty { out += "    depends on: \(revision.dependsOn.joined(separator: ", "))\n" }
        }
        return out
    }
}
