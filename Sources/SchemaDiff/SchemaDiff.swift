import SpannerDDL
import SpannerSchema

/// Plans the statements that turn one schema into another: a pure, deterministic function.
///
/// Order comes from dependencies, never from dictionary or file order: everything that stands
/// in the way of a drop is dropped first (views, change-stream columns, indexes, constraints,
/// then columns, then child tables before parents), and new objects are created after what
/// they need (parents before children, foreign-key targets before foreign keys, tables before
/// indexes, views after what they read). Changes Spanner cannot make in place, and anything
/// that loses data, need a `DiffPolicy` flag; without it planning fails naming the change.
public enum SchemaDiff {
    public static func plan(
        from old: Schema, to new: Schema, policy: DiffPolicy = .safe, renames: [TableRename] = [], batcher: Batcher = Batcher()
    ) throws(DiffError) -> Plan {
        // Renames come first, so that everything after sees the tables under their new names.
        var renamed = old
        var renameSteps: [PlannedStatement] = []
        for rename in renames where old.table(rename.from) != nil && new.table(rename.from) == nil && new.table(rename.to) != nil && old.table(rename.to) == nil {
            // The names as the schemas spell them, not as the annotation did: PostgreSQL matches
            // a quoted name in DDL exactly.
            let from = old.table(rename.from)?.name ?? rename.from, to = new.table(rename.to)?.name ?? rename.to
            let statement = Statement.alterTable(AlterTable(name: from, action: .renameTo(to, addSynonym: nil)))
            renameSteps += try CaseChanges.dropReaders(of: rename.from, in: &renamed)
            do {
                try renamed.apply(statement)
            } catch {
                throw DiffError(kind: .unsupported, message: "table \(rename.from) cannot be renamed to \(rename.to): \(error.message)")
            }
            renameSteps.append(PlannedStatement(statement: statement, cost: .instant, reason: "renamed (declared with -- ratchet:renamed-from \(rename.from))", object: "table \(rename.to)"))
        }
        renameSteps += try CaseChanges.renameTables(in: &renamed, to: new)
        try CaseChanges.refuseOthers(from: renamed, to: new)
        var planner = Planner(old: renamed, new: new, policy: policy)
        try planner.run()
        let steps = (renameSteps + planner.drops + planner.creates).map { $0.printed(in: new.dialect) }
        var plan = Plan(statements: batcher.batch(steps), warnings: planner.warnings)
        plan.warnings.sort()
        return plan
    }
}

/// The state of one planning run.
struct Planner {
    let old: Schema
    let new: Schema
    let policy: DiffPolicy
    /// Steps that remove or loosen, in the order they must run.
    var drops: [PlannedStatement] = []
    /// Steps that add or tighten, in the order they must run, after every drop.
    var creates: [PlannedStatement] = []
    var warnings: [String] = []

    // Decided while planning tables, used by later phases.
    var droppedTables = Set<NameKey>()
    var recreatedTables = Set<NameKey>()
    /// Columns dropped (or dropped and re-added), as "TABLE.COLUMN" keys.
    var droppedColumns = Set<String>()
    /// Generated columns dropped and added again because their expression changed (no data of
    /// their own is lost: their values are computed again).
    var rebuiltGeneratedColumns = Set<String>()
    /// Columns whose type changes in place: indexes on them must be rebuilt.
    var retypedColumns = Set<String>()

    // What can change at all, decided first so that every later phase walks only that: in a
    // large schema most objects are identical on both sides, and nothing in a plan touches
    // them.
    /// Tables on both sides whose definitions are not identical.
    var differingTables = Set<NameKey>()
    /// Tables of the old schema that may need a statement, sorted.
    var oldTablesToVisit: [NameKey] = []
    /// Tables of the new schema that may need a statement, sorted.
    var newTablesToVisit: [NameKey] = []
    /// Indexes of either schema that may need a statement, sorted.
    var indexesToVisit: [NameKey] = []

    init(old: Schema, new: Schema, policy: DiffPolicy) {
        self.old = old
        self.new = new
        self.policy = policy
    }

    static func columnKey(_ table: ObjectName, _ column: Identifier) -> String { "\(NameKey(table).value).\(NameKey(column).value)" }

    mutating func drop(_ statement: Statement, _ cost: CostClass, _ reason: String, _ object: String) {
        drops.append(PlannedStatement(statement: statement, cost: cost, reason: reason, object: object))
    }

    mutating func create(_ statement: Statement, _ cost: CostClass, _ reason: String, _ object: String) {
        creates.append(PlannedStatement(statement: statement, cost: cost, reason: reason, object: object))
    }

    mutating func run() throws(DiffError) {
        // Decide table-level fates first: later phases depend on what is dropped or rebuilt.
        try planTableFates()
        try decideColumnFates()
        selectObjectsToVisit()
        planRevokes()
        planViewDrops()
        planGraphDrops()
        planChangeStreamDrops()
        try planIndexDrops()
        try planConstraintDrops()
        planColumnDrops()
        planFunctionDrops(readingTables: true)
        planTableDrops()
        planFunctionDrops(readingTables: false)
        planSequenceDrops()

        planDatabaseOptions()
        planNamedSchemas()
        planContainerCreates()
        planSequences()
        planFunctions(readingTables: false)
        planTableCreates()
        planTableAlterations()
        planConstraintAdds()
        planIndexCreates()
        planChangeStreams()
        planFunctions(readingTables: true)
        planViews()
        planOtherCreates()
        planAccessControl()
    }
}
