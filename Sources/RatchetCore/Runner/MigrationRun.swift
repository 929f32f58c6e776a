import SchemaDiff
import SpannerDDL
import SpannerSchema

/// A run prepared and validated: every statement of every revision on the path, replayed
/// through the rule engine, costed, and grouped into the batches the runner sends.
public struct MigrationRun: Sendable {
    public var path: MigrationPath
    public var steps: [Step]
    public var bodies: [String: RevisionBody]
    /// The schema once the run is complete.
    public var finalSchema: Schema
    public var warnings: [String]
    /// What the lint catalogue finds in the run's statements (before `[lint]` settings apply).
    public var findings: [LintFinding] = []
    /// How long reading, replaying and batching the run took: for the sandbox, which does
    /// nothing else, most of a run's time.
    public var preparationTime: Duration = .zero

    /// One statement of the run.
    public struct Step: Sendable, Hashable {
        public var revision: String
        public var planned: PlannedStatement
        /// Where the statement is in its revision file.
        public var location: FilePosition
        public var dataLoss: String?
        /// Its position in its revision's section.
        public var index: Int = 0
        /// `-- ratchet:lint-ignore` acknowledgements, by rule id.
        public var lintIgnores: [String: String] = [:]
        public var isDML: Bool { planned.statement.isDML }

        public init(revision: String, planned: PlannedStatement, location: FilePosition, dataLoss: String? = nil, index: Int = 0) {
            self.revision = revision
            self.planned = planned
            self.location = location
            self.dataLoss = dataLoss
            self.index = index
        }
    }

    /// The lint findings with the project's `[lint]` settings applied; a baseline that names
    /// no revision is reported by `ratchet lint`, and here leaves the findings as found.
    public func configuredFindings(_ project: Project) -> [LintFinding] {
        (try? project.config.lint.apply(findings, project: project, file: project.config.file)) ?? findings
    }

    /// UpdateDatabaseDdl operations the run sends (DML runs outside them).
    public var batchCount: Int { Set(steps.filter { !$0.isDML }.map(\.planned.batch)).count }

    /// 1-based ordinal of each DDL batch number, for display.
    public var batchOrdinals: [Int: Int] {
        var ordinals: [Int: Int] = [:]
        for step in steps where !step.isDML && ordinals[step.planned.batch] == nil { ordinals[step.planned.batch] = ordinals.count + 1 }
        return ordinals
    }
    public var hasDestructiveSteps: Bool { steps.contains { $0.planned.cost == .destructive || $0.dataLoss != nil } }

    /// The steps that lose data without the acknowledgement a reviewer saw: on an upgrade, a
    /// destructive statement with no `-- ratchet:data-loss` mark in its revision (autogenerate
    /// writes the mark, so code review sees it); on a downgrade, every step that loses data,
    /// since reverting is never what a revision was reviewed for. These need --allow-destructive.
    public var unacknowledgedDataLoss: [Step] {
        switch path.direction {
        case .upgrade: steps.filter { $0.planned.cost == .destructive && $0.dataLoss == nil }
        case .downgrade: steps.filter { $0.planned.cost == .destructive || $0.dataLoss != nil }
        }
    }

    /// Replays `path` from `schema`, statement by statement, failing at the first statement
    /// Spanner would reject.
    ///
    /// `skipping` gives, per revision, how many of its statements a database already holds (a
    /// revision a failed run left partial): those are neither replayed nor sent again.
    public static func prepare(_ project: Project, path: MigrationPath, from schema: Schema, skipping: [String: Int] = [:], batcher: Batcher = Batcher()) throws(RatchetError) -> MigrationRun {
        let started = ContinuousClock.now
        var schema = schema
        var planned: [PlannedStatement] = []
        var steps: [Step] = []
        var bodies: [String: RevisionBody] = [:]
        var warnings: [String] = []
        var linter = Linter()
        let read = try project.bodies(of: path.revisions)
        for (position, id) in path.revisions.enumerated() {
            let revision = project.revision(id)
            let body = read[position]
            bodies[id] = body
            warnings += body.warnings
            for (index, step) in body.steps(path.direction).enumerated() where index >= (skipping[id] ?? 0) {
                let location = FilePosition(file: revision.file, line: step.line, column: step.column)
                var (cost, reason) = CostClassifier.classify(step.statement, in: schema)
                // A `-- ratchet:data-loss` mark is the reviewed acknowledgement of the loss, so it
                // answers the data-loss rules on its statement as a lint-ignore would.
                var acknowledgements = step.lintIgnores
                if let note = step.dataLoss {
                    for rule in LintRule.allCases where rule.category == "data loss" && acknowledgements[rule.id] == nil {
                        acknowledgements[rule.id] = "ratchet:data-loss \(note)"
                    }
                }
                linter.check(
                    step.statement, sql: step.sql, cost: cost, in: schema,
                    origin: Linter.Origin(location: location, revision: id, acknowledgements: acknowledgements))
                if !step.statement.isDML {
                    do {
                        try schema.apply(step.statement)
                    } catch {
                        throw RatchetError(
                            .migration, error.message, at: location,
                            details: [
                                "  in the \(path.direction.rawValue) section of revision \(id) (\(revision.message))",
                                "  statement: \(step.sql)",
                                "  Spanner would reject this statement, so the run stops before sending anything.",
                            ])
                    }
                }
                if let note = step.dataLoss {
                    cost = .destructive
                    reason = note
                    warnings.append("\(location): revision \(id) loses data: \(note)")
                } else if cost == .destructive {
                    warnings.append("\(location): revision \(id): \(reason)")
                }
                var plannedStep = PlannedStatement(statement: step.statement, cost: cost, reason: reason, object: "revision \(id)", sql: step.sql, dialect: step.dialect)
                plannedStep.partitionedDML = step.partitionedDML
                planned.append(plannedStep)
                var runStep = Step(revision: id, planned: plannedStep, location: location, dataLoss: step.dataLoss, index: index)
                runStep.lintIgnores = step.lintIgnores
                steps.append(runStep)
            }
        }
        let batched = batcher.batch(planned)
        for i in steps.indices { steps[i].planned = batched[i] }
        var run = MigrationRun(path: path, steps: steps, bodies: bodies, finalSchema: schema, warnings: warnings, preparationTime: ContinuousClock.now - started)
        run.findings = linter.finish(final: schema)
        return run
    }

    /// The schema the upgrade sections of `applied` produce, replayed in graph order.
    public static func replay(_ project: Project, applied: Set<String>) throws(RatchetError) -> Schema {
        let path = MigrationPath(direction: .upgrade, revisions: project.graph.sorted(applied), before: [], after: applied)
        return try prepare(project, path: path, from: Schema(dialect: project.config.dialect)).finalSchema
    }

    /// For each revision, the batch after which it is complete.
    public var completingBatch: [String: Int] {
        var result: [String: Int] = [:]
        var lastBatch = 0
        var seen = Set<String>()
        for step in steps {
            lastBatch = step.planned.batch
            result[step.revision] = lastBatch
            seen.insert(step.revision)
        }
        // A revision with no statements completes with the batch before the next one.
        var previous = 0
        for id in path.revisions {
            if let batch = result[id] { previous = batch } else { result[id] = previous }
        }
        return result
    }
}
