import ArgumentParser
import RatchetCore
import SchemaDiff
import SpannerDDL
import SpannerSchema

/// `ratchet diff FROM TO`: the statements that turn one schema into another.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Plan the DDL that turns the FROM schema into the TO schema.",
        discussion: """
            FROM and TO are DDL files (objects in any order), live databases \
            (spanner://projects/P/instances/I/databases/D), or the project's schemas: `declared` \
            (schema.sql or the Swift declaration), `database` (the project's database, live or \
            the local sandbox), `revisions@TARGET` (what the revisions produce up to TARGET, \
            e.g. revisions@head). A file of that name wins over a keyword. The plan is \
            ordered by dependencies and grouped into the batches Ratchet would send to Spanner. \
            Changes that lose data or rebuild an object are refused unless a flag allows them, \
            and are marked DESTRUCTIVE in every format. A table renamed in TO is planned as \
            ALTER TABLE ... RENAME TO when a '-- ratchet:renamed-from OldName' comment stands \
            above its CREATE TABLE.
            """
    )

    @Argument(help: "The current schema: a DDL file, spanner://..., declared, database or revisions@TARGET.")
    var from: String

    @Argument(help: "The wanted schema: a DDL file, spanner://..., declared, database or revisions@TARGET.")
    var to: String

    @OptionGroup var project: ProjectOptions

    @OptionGroup var dialectOption: DialectOption

    @OptionGroup var connection: ConnectionOptions
    var accessTokenCommand: String? { connection.accessTokenCommand }

    @Option(help: "Output format: text, sql or json.")
    var format: String = "text"

    @Flag(help: "Allow dropping tables and columns and recreating what cannot change in place.")
    var allowDestructive = false

    @Flag(help: "Allow dropping and rebuilding indexes whose definition changed.")
    var allowRecreateIndexes = false

    @Flag(help: "Allow dropping and adding again generated columns whose expression changed (their values are computed again).")
    var allowRecreateGeneratedColumns = false

    @Option(help: ArgumentHelp("Before adding NOT NULL to a column, fill its NULLs with this value (a partitioned-DML UPDATE).", valueName: "VALUE"))
    var backfillNotNull: String?

    @Flag(help: "Exit 2 when the schemas are equivalent (and 0 when there is a plan).")
    var exitCode = false

    func validate() throws {
        if let value = backfillNotNull, (try? Expression(parsing: value)) == nil {
            throw ValidationError("--backfill-not-null needs a SQL expression, such as 0 or 'unknown'; \(value) does not parse.")
        }
        guard PlanRenderer.Format(rawValue: format) != nil else {
            throw ValidationError("--format must be one of: \(PlanRenderer.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
    }

    func run() async throws {
        let old: Schema, new: Schema
        var renames: [TableRename] = []
        let dialect = dialectOption.resolve(config: project.config)
        let operands = try reportingErrors { () throws -> (SchemaOperand, SchemaOperand) in (try SchemaOperand(parsing: from), try SchemaOperand(parsing: to)) }
        if case .file(let first) = operands.0, case .file(let second) = operands.1 {
            // Two files load at once, on two cores.
            do {
                let (current, target) = try await SchemaFile.loadPair(first, second, dialect: dialect)
                old = current.schema!
                new = target.schema!
                renames = TableRename.declared(in: target.document!)
            } catch {
                throw ExitStatus.inputError
            }
        } else {
            let options = project, token = accessTokenCommand
            var loaded: Project?
            let projectLoader = { () throws(RatchetError) -> Project in
                if let loaded { return loaded }
                let project = try options.loadProject()
                loaded = project
                return project
            }
            (old, new, renames) = try await reportingErrors {
                let current = try await operands.0.resolve(project: projectLoader, dialect: dialect, accessTokenCommand: token)
                let target = try await operands.1.resolve(project: projectLoader, dialect: dialect, accessTokenCommand: token)
                return (current.schema, target.schema, target.renames)
            }
        }
        let policy = DiffPolicy(
            allowDestructive: allowDestructive, allowRecreateIndexes: allowRecreateIndexes, allowRecreateGeneratedColumns: allowRecreateGeneratedColumns,
            backfillNotNull: backfillNotNull.flatMap { try? Expression(parsing: $0, dialect: dialect) })
        let plan: Plan
        do {
            plan = try SchemaDiff.plan(from: old, to: new, policy: policy, renames: renames)
        } catch {
            Console.failure("\(error.message)")
            throw error.kind == .needsFlag ? ExitStatus.needsFlag : ExitStatus.inputError
        }
        Console.out(PlanRenderer.render(plan, as: PlanRenderer.Format(rawValue: format)!))
        // Lint findings go to standard error, so the plan on standard output stays what its
        // format says.
        let findings = Linter.findings(of: plan, from: old)
        if !findings.isEmpty { Console.error(LintRenderer(findings: findings, fallbackFile: to).text()) }
        // Recorded only inside a project (a ratchet.toml here or named by RATCHET_CONFIG).
        if let config = PlanCacheAccess.optionalConfig(nil) {
            PlanCacheAccess.record(PlanRecord.plan(plan, kind: .diff, before: old, after: new, database: "\(from) -> \(to)"), config: config)
        }
        // The process ends here: tearing down two large object graphs would only add time
        // (clang's -disable-free, for the same reason).
        ProcessTeardown.skipFreeing(old, new, plan)
        if exitCode && plan.isEmpty { throw ExitStatus.noDifferences }
    }
}
