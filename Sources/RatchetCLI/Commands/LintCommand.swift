import ArgumentParser
import RatchetCore
import SchemaDiff

/// `ratchet lint [RANGE]`: the revisions (or the plan autogenerate would write) checked
/// against the lint catalogue.
struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check revisions against Spanner-aware safety rules (data loss, validations, backfills, hotspots, rollouts).",
        discussion: """
            RANGE: START:END (e.g. base:head, a1b2:head) or a target, checked from the sandbox's \
            state for a local project and from base for a live one. --declared checks the plan \
            `revision --autogenerate` would write. Exit 1 when an error-severity finding is not \
            acknowledged with `-- ratchet:lint-ignore RULE reason` on its statement. \
            [lint] in ratchet.toml turns rules off (disable), changes severities ([lint.severity]) \
            and sets a baseline revision at or before which nothing is reported.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Argument(help: ArgumentHelp("The revisions to check (default: those the sandbox has not applied, or base:head).", valueName: "range"))
    var range: String?

    @Flag(help: "Check the plan autogenerate would write from the declared schema, not the revisions.")
    var declared = false

    @Flag(help: "List the rules: id, default severity, category and title.")
    var rules = false

    @Option(help: "Output format: text, json, sarif (SARIF 2.1.0) or github (workflow annotations).")
    var format: LintFormat = .text

    func validate() throws {
        if declared && range != nil { throw ValidationError("--declared checks the declared schema's plan; give no RANGE with it.") }
    }

    func run() async throws {
        if rules {
            Console.out(Self.catalogue())
            return
        }
        let (findings, file) = try await exiting { () async throws(RatchetError) -> ([LintFinding], String) in
            let loaded = try project.loadProject()
            let found: [LintFinding], fallback: String
            if declared {
                let schema = try MigrationRun.replay(loaded, applied: Set(loaded.graph.order))
                let source = try DeclaredSchemaSource.load(loaded.config)
                let plan: Plan
                do {
                    plan = try SchemaDiff.plan(from: schema, to: source.schema, policy: .permissive, renames: source.renames)
                } catch let error as DiffError {
                    throw RatchetError(.migration, error.message, at: source.file)
                } catch {
                    throw RatchetError(.migration, "\(error)", at: source.file)
                }
                (found, fallback) = (Linter.findings(of: plan, from: schema), source.file)
            } else {
                let (start, goal) = try await Self.range(range, project: loaded)
                let (run, _) = try Migrator.preview(loaded, .upgrade, from: start, to: goal)
                (found, fallback) = (run.findings, loaded.config.migrationsDirectory)
            }
            return (try loaded.config.lint.apply(found, project: loaded, file: loaded.config.file), fallback)
        }
        let renderer = LintRenderer(findings: findings, fallbackFile: file)
        Console.out(renderer.render(format))
        if findings.contains(where: \.isBlocking) { throw ExitStatus.differences }
    }

    /// Where the checked revisions start and end.
    static func range(_ text: String?, project: Project) async throws(RatchetError) -> (PreviewStart, RevisionTarget) {
        if let text, let colon = text.firstIndex(of: ":") {
            let from = String(text[..<colon]), to = String(text[text.index(after: colon)...])
            let start: PreviewStart = from.isEmpty || from == "base" ? .base : .revisions(try RevisionTarget(parsing: from))
            return (start, try RevisionTarget(parsing: to.isEmpty ? "heads" : to))
        }
        let goal = try RevisionTarget(parsing: text ?? "heads")
        guard project.config.database == .local, FileSystem.exists(project.config.sandboxFile) else { return (.base, goal) }
        let migrator = Migrator(project: project, target: try SandboxTarget(project: project, create: false))
        return (try await migrator.closing { () async throws(RatchetError) in try await migrator.previewStart() }, goal)
    }

    static func catalogue() -> String {
        let width = LintRule.allCases.map(\.id.count).max() ?? 0
        return LintRule.allCases.map { rule in
            "\(rule.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(rule.defaultSeverity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  \(rule.category.padding(toLength: 15, withPad: " ", startingAt: 0))  \(rule.title)\n"
        }.joined()
    }
}
