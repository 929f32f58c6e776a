import PlanCache
import SchemaDiff
import SpannerDDL
import SpannerSchema

/// Turns plans and runs into what the plan cache keeps: the statements, and enough of the
/// schema around them (the touched objects before and after, the tables around them) to
/// review the plan offline.
public enum PlanRecord {
    /// A plan computed by the diff planner (diff, autogenerate).
    public static func plan(
        _ plan: Plan, kind: CachedPlan.Kind, before: Schema, after: Schema, database: String,
        environment: String? = nil, fromHeads: [String] = [], toHeads: [String] = []
    ) -> CachedPlan {
        let statements = plan.statements.map {
            CachedPlan.Statement(sql: $0.sql, batch: $0.batch, cost: $0.cost.rawValue, reason: $0.reason, object: $0.object, partitionedDML: $0.partitionedDML)
        }
        var record = make(
            kind: kind, mode: .plan, statements: statements, raw: plan.statements.map(\.statement), warnings: plan.warnings,
            before: before, after: after, database: database, environment: environment, fromHeads: fromHeads, toHeads: toHeads)
        record.lint = notes(Linter.findings(of: plan, from: before))
        return record
    }

    /// Findings as the cache keeps them.
    public static func notes(_ findings: [LintFinding]) -> [CachedPlan.LintNote] {
        findings.map { finding in
            CachedPlan.LintNote(
                rule: finding.rule.id, severity: finding.severity.rawValue, message: finding.message, location: finding.location?.description,
                statement: finding.statement, acknowledged: finding.acknowledged)
        }
    }

    /// A run prepared from revisions (upgrade, downgrade), printed or executed.
    public static func run(
        _ run: MigrationRun, project: Project, mode: CachedPlan.Mode, before: Schema, outcome: CachedPlan.Run? = nil
    ) -> CachedPlan {
        let database = project.config.database.description, environment = project.config.environment
        let ordinals = run.batchOrdinals
        let statements = run.steps.map { step in
            CachedPlan.Statement(
                sql: step.planned.sql, batch: step.isDML ? -1 : (ordinals[step.planned.batch] ?? 1) - 1, cost: step.planned.cost.rawValue,
                reason: step.planned.reason, object: step.planned.object, revision: step.revision, location: step.location.description,
                partitionedDML: step.planned.partitionedDML)
        }
        var plan = make(
            kind: run.path.direction == .upgrade ? .upgrade : .downgrade, mode: mode, statements: statements,
            raw: run.steps.map(\.planned.statement), warnings: run.warnings, before: before, after: run.finalSchema,
            database: database, environment: environment,
            fromHeads: project.graph.heads(of: run.path.before), toHeads: project.graph.heads(of: run.path.after))
        plan.run = outcome
        plan.lint = notes(run.configuredFindings(project))
        return plan
    }

    private static func make(
        kind: CachedPlan.Kind, mode: CachedPlan.Mode, statements: [CachedPlan.Statement], raw: [Statement], warnings: [String],
        before: Schema, after: Schema, database: String, environment: String?, fromHeads: [String], toHeads: [String]
    ) -> CachedPlan {
        let touched = touchedTables(raw, before: before, after: after)
        return CachedPlan(
            kind: kind, mode: mode, database: database, environment: environment, fromHeads: fromHeads, toHeads: toHeads,
            statements: statements, warnings: warnings,
            schemaBefore: ddl(of: touched.keys.sorted(), views: touchedViews(raw), in: before),
            schemaAfter: ddl(of: touched.keys.sorted(), views: touchedViews(raw), in: after),
            tables: shapes(touched, before: before, after: after))
    }

    // MARK: - What a plan touches

    /// Tables a plan changes, by name key, with how.
    static func touchedTables(_ statements: [Statement], before: Schema, after: Schema) -> [NameKey: String] {
        var touched: [NameKey: String] = [:]
        func mark(_ name: ObjectName, _ change: String) {
            let key = NameKey(name)
            if touched[key] == nil || change != "altered" { touched[key] = change }
        }
        func indexTable(_ name: ObjectName) -> ObjectName? {
            (before.indexes[NameKey(name)] ?? after.indexes[NameKey(name)]).map(\.table)
        }
        for statement in statements {
            switch statement {
            case .createTable(let table): mark(table.name, before.table(table.name) == nil ? "created" : "recreated")
            case .alterTable(let alter):
                if case .renameTo(let newName, _) = alter.action { mark(newName, "renamed") } else { mark(alter.name, "altered") }
            case .drop(let drop) where drop.kind == .table: if let name = drop.name { mark(name, after.table(name) == nil ? "dropped" : "recreated") }
            case .drop(let drop) where [.index, .searchIndex, .vectorIndex].contains(drop.kind): if let name = drop.name, let table = indexTable(name) { mark(table, "altered") }
            case .createIndex(let index): mark(index.table, "altered")
            case .createSearchIndex(let index): mark(index.table, "altered")
            case .createVectorIndex(let index): mark(index.table, "altered")
            case .alterIndex(let alter): if let table = indexTable(alter.name) { mark(table, "altered") }
            default: break
            }
        }
        return touched
    }

    static func touchedViews(_ statements: [Statement]) -> [ObjectName] {
        statements.compactMap { statement in
            switch statement {
            case .createView(let view): view.name
            case .drop(let drop) where drop.kind == .view: drop.name
            default: nil
            }
        }
    }

    /// The DDL of some tables (with their indexes) and views in a schema, read from the model
    /// directly: a plan against a large schema must not print all of it.
    static func ddl(of tables: [NameKey], views: [ObjectName], in schema: Schema) -> String {
        let wanted = Set(tables)
        var statements: [Statement] = []
        for key in tables {
            if let table = schema.tables[key] { statements.append(.createTable(table.createStatement)) }
        }
        var indexes: [(NameKey, Index)] = []
        if !wanted.isEmpty {
            for (key, index) in schema.indexes where wanted.contains(NameKey(index.table)) { indexes.append((key, index)) }
        }
        statements += indexes.sorted { $0.0 < $1.0 }.map(\.1.statement)
        for name in Set(views.map(NameKey.init)).sorted() {
            if let view = schema.views[name] { statements.append(.createView(view)) }
        }
        return DDLPrinter.format(statements, dialect: schema.dialect)
    }

    /// The touched tables with their parents and foreign-key targets, for the diagram.
    static func shapes(_ touched: [NameKey: String], before: Schema, after: Schema) -> [CachedPlan.TableShape] {
        var included: [NameKey: CachedPlan.TableShape] = [:]
        func shape(_ key: NameKey, touched change: String?) {
            guard included[key] == nil || change != nil, let table = after.tables[key] ?? before.tables[key] else { return }
            included[key] = CachedPlan.TableShape(
                name: table.name.description, parent: table.interleave?.parent.description,
                references: table.foreignKeys.map(\.referencedTable.description).sorted(), touched: change != nil, change: change)
        }
        for (key, change) in touched { shape(key, touched: change) }
        for shape in Array(included.values) {
            for name in ([shape.parent].compactMap { $0 } + shape.references) {
                let key = NameKey(ObjectName(name.split(separator: ".").map { Identifier(String($0)) }))
                if included[key] == nil { self.shapeContext(key, before: before, after: after, into: &included) }
            }
        }
        return included.keys.sorted().map { included[$0]! }
    }

    private static func shapeContext(_ key: NameKey, before: Schema, after: Schema, into included: inout [NameKey: CachedPlan.TableShape]) {
        guard let table = after.tables[key] ?? before.tables[key] else { return }
        included[key] = CachedPlan.TableShape(
            name: table.name.description, parent: table.interleave?.parent.description,
            references: table.foreignKeys.map(\.referencedTable.description).sorted(), touched: false, change: nil)
    }
}
