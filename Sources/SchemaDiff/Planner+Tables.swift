import SpannerDDL
import SpannerSchema

// MARK: - Tables and columns

extension Planner {
    /// A table's columns by name key, for lookups in loops over columns.
    static func columnsByKey(_ table: Table) -> [NameKey: ColumnDefinition] {
        Dictionary(table.columns.map { (NameKey($0.name), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Tables dropped, created, or rebuilt because their key or parent changed.
    mutating func planTableFates() throws(DiffError) {
        // Identical tables are set aside in one unordered pass; the rest go in name order, so
        // that the first refusal is always the same one.
        var candidates: [NameKey] = []
        for (key, table) in old.tables where new.tables[key] != table { candidates.append(key) }
        for key in candidates.sorted() {
            guard let table = old.tables[key] else { continue }
            guard let target = new.tables[key] else {
                guard policy.allowDestructive else {
                    throw .needs("--allow-destructive", "dropping table \(table.name) deletes all of its rows")
                }
                droppedTables.insert(key)
                continue
            }
            differingTables.insert(key)
            let keyChanged =
                !Equivalence.sameKey(table.primaryKey, target.primaryKey)
                || zip(table.primaryKey, target.primaryKey).contains { keyColumnNeedsRebuild(table, $0.column, target, $1.column) }
            let parentChanged =
                table.interleave?.parent.matches(target.interleave?.parent ?? ObjectName([])) == false
                || (table.interleave == nil) != (target.interleave == nil)
            if keyChanged || parentChanged {
                let what = keyChanged ? "its primary key" : "its interleave parent"
                guard policy.allowDestructive else {
                    throw .needs("--allow-destructive", "table \(table.name) must be dropped and recreated to change \(what), which deletes all of its rows")
                }
                recreatedTables.insert(key)
            }
        }
        // A rebuilt or dropped table takes its interleaved children with it.
        var changed = !droppedTables.isEmpty || !recreatedTables.isEmpty
        let children = changed ? old.tables.filter { $0.value.interleave != nil }.keys.sorted() : []
        while changed {
            changed = false
            for key in children where !droppedTables.contains(key) && !recreatedTables.contains(key) {
                guard let table = old.tables[key] else { continue }
                guard let parent = table.interleave.map({ NameKey($0.parent) }), droppedTables.contains(parent) || recreatedTables.contains(parent) else { continue }
                guard policy.allowDestructive else {
                    throw .needs("--allow-destructive", "child table \(table.name) must be recreated with its parent, which deletes all of its rows")
                }
                recreatedTables.insert(key)
                changed = true
            }
        }
    }

    /// Whether a key column's change needs the table rebuilt. Spanner changes a key column's
    /// length, or STRING <-> BYTES, in place unless an interleaved parent or child shares it.
    func keyColumnNeedsRebuild(_ table: Table, _ column: Identifier, _ target: Table, _ wantedColumn: Identifier) -> Bool {
        guard let before = table.column(column), let after = target.column(wantedColumn) else { return true }
        if before.notNull != after.notNull { return true }
        if before.type == after.type { return false }
        guard Schema.isInPlaceTypeChange(from: before.type, to: after.type) else { return true }
        let sharedWithParent = table.interleave.flatMap { old.table($0.parent) }?.column(column) != nil
        let sharedWithChild = old.children(of: table.name).contains { $0.isKeyColumn(column) }
        return sharedWithParent || sharedWithChild
    }

    /// Narrows the later phases to what can change: tables that differ, tables with a foreign
    /// key to one that differs, and indexes that differ or sit on a table that does.
    mutating func selectObjectsToVisit() {
        var differing = differingTables.union(droppedTables).union(recreatedTables)
        for key in new.tables.keys where old.tables[key] == nil { differing.insert(key) }
        func visit(_ key: NameKey, _ table: Table) -> Bool {
            differing.contains(key) || table.foreignKeys.contains { differing.contains(NameKey($0.referencedTable)) }
        }
        var oldVisits: [NameKey] = [], newVisits: [NameKey] = []
        for (key, table) in old.tables where visit(key, table) { oldVisits.append(key) }
        for (key, table) in new.tables where visit(key, table) { newVisits.append(key) }
        oldTablesToVisit = oldVisits.sorted()
        newTablesToVisit = newVisits.sorted()
        var indexes = Set<NameKey>()
        for (key, index) in old.indexes {
            if new.indexes[key] != index || differing.contains(NameKey(index.table)) { indexes.insert(key) }
        }
        for (key, index) in new.indexes where old.indexes[key] == nil || differing.contains(NameKey(index.table)) { indexes.insert(key) }
        indexesToVisit = indexes.sorted()
    }

    /// Tables whose old definition goes away: dropped or rebuilt.
    func isGone(_ key: NameKey) -> Bool { droppedTables.contains(key) || recreatedTables.contains(key) }

    /// Decides which columns of tables that stay are dropped, re-added or retyped, before any
    /// statement is planned: indexes, constraints and views depend on it.
    mutating func decideColumnFates() throws(DiffError) {
        for key in differingTables.sorted() where !isGone(key) {
            guard let table = old.tables[key] else { continue }
            guard let target = new.tables[key] else { continue }
            let wantedColumns = Self.columnsByKey(target)
            for column in table.columns {
                guard let wanted = wantedColumns[NameKey(column.name)] else {
                    guard policy.allowDestructive else {
                        throw .needs("--allow-destructive", "dropping column \(table.name).\(column.name) deletes its data")
                    }
                    droppedColumns.insert(Self.columnKey(table.name, column.name))
                    continue
                }
                guard !Equivalence.sameColumn(column, wanted) else { continue }
                if !canAlterInPlace(column, to: wanted, in: table), case .generated? = column.generation, case .generated? = wanted.generation {
                    // Derived values only: nothing of the user's is lost, so a flag of its own.
                    guard policy.allowRecreateGeneratedColumns || policy.allowDestructive else {
                        throw .needs("--allow-recreate-generated-columns", "generated column \(table.name).\(column.name) cannot change its expression in place: it must be dropped and added again, and its values computed again")
                    }
                    droppedColumns.insert(Self.columnKey(table.name, column.name))
                    rebuiltGeneratedColumns.insert(Self.columnKey(table.name, column.name))
                } else if !canAlterInPlace(column, to: wanted, in: table) {
                    guard policy.allowDestructive else {
                        throw .needs(
                            "--allow-destructive",
                            "column \(table.name).\(column.name) cannot change from \(DDLPrinter.typeName(column.type, dialect: new.dialect)) to \(DDLPrinter.typeName(wanted.type, dialect: new.dialect)) in place: it must be dropped and re-added, which deletes its data"
                        )
                    }
                    droppedColumns.insert(Self.columnKey(table.name, column.name))
                } else if Schema.baseType(column.type) != Schema.baseType(wanted.type) {
                    // A length change keeps the type: indexes, views and checks stay as they are.
                    retypedColumns.insert(Self.columnKey(table.name, column.name))
                }
            }
        }
    }

    /// DROP COLUMN for the columns decided above, after whatever used them is gone.
    mutating func planColumnDrops() {
        for key in oldTablesToVisit where !isGone(key) {
            guard let table = old.tables[key] else { continue }
            guard let target = new.tables[key] else { continue }
            planRowDeletionPolicyDrop(from: table, to: target)
            for column in Self.dropOrder(table.columns.filter { droppedColumns.contains(Self.columnKey(table.name, $0.name)) }) {
                if rebuiltGeneratedColumns.contains(Self.columnKey(table.name, column.name)) {
                    drop(
                        .alterTable(AlterTable(name: table.name, action: .dropColumn(column.name))), .instant,
                        "recreated: a generated column's expression cannot change in place; its values are computed again", "column \(table.name).\(column.name)")
                    continue
                }
                let recreated = target.column(column.name) != nil
                drop(
                    .alterTable(AlterTable(name: table.name, action: .dropColumn(column.name))), .destructive,
                    recreated ? "recreated: the change cannot be made in place; its data is lost" : "column removed from the declared schema; its data is lost",
                    "column \(table.name).\(column.name)")
            }
        }
    }

    /// Columns in an order Spanner can drop them: a generated column before the columns its
    /// expression reads, otherwise in table order.
    static func dropOrder(_ columns: [ColumnDefinition]) -> [ColumnDefinition] {
        var remaining = columns
        var ordered: [ColumnDefinition] = []
        while !remaining.isEmpty {
            // The first column no other remaining column reads; a cycle cannot happen (Spanner
            // refuses one), but the first column is taken then so the loop always ends.
            let next =
                remaining.firstIndex { column in
                    !remaining.contains { other in
                        guard case .generated(let expression, _)? = other.generation, !other.name.matches(column.name) else { return false }
                        return expression.referencedIdentifiers.contains { $0.matches(column.name) }
                    }
                } ?? 0
            ordered.append(remaining.remove(at: next))
        }
        return ordered
    }

    /// Whether Spanner can turn `column` into `wanted` with ALTER COLUMN.
    func canAlterInPlace(_ column: ColumnDefinition, to wanted: ColumnDefinition, in table: Table) -> Bool {
        if case .generated(let a, let stored)? = column.generation {
            guard case .generated(let b, stored)? = wanted.generation, Equivalence.sameExpression(a, b), column.type == wanted.type else { return false }
        } else if case .generated? = wanted.generation {
            return false
        }
        if column.notNull != wanted.notNull, case .array = column.type { return false }
        if column.type != wanted.type && !Schema.isInPlaceTypeChange(from: column.type, to: wanted.type) { return false }
        return true
    }

    mutating func planTableDrops() {
        // Children before parents: deepest first, then by name.
        let gone = (droppedTables.union(recreatedTables)).sorted { a, b in
            let da = old.tables[a].map(old.interleaveDepth) ?? 0, db = old.tables[b].map(old.interleaveDepth) ?? 0
            return da != db ? da > db : a < b
        }
        for key in gone {
            guard let table = old.tables[key] else { continue }
            let reason = droppedTables.contains(key) ? "table removed from the declared schema; all rows are lost" : "recreated: its key or parent changed; all rows are lost"
            drop(.drop(Drop(kind: .table, name: table.name)), .destructive, reason, "table \(table.name)")
        }
    }

    mutating func planTableCreates() {
        let created = Set(new.tables.keys.filter { old.tables[$0] == nil || recreatedTables.contains($0) })
        // Parents and foreign-key targets first (a cycle of foreign keys is broken by adding the
        // keys afterwards); otherwise by name.
        var ordered: [NameKey] = []
        var placed = Set<NameKey>(), visiting = Set<NameKey>()
        func place(_ key: NameKey) {
            guard created.contains(key), !placed.contains(key), visiting.insert(key).inserted else { return }
            guard let table = new.tables[key] else { return }
            if let parent = table.interleave { place(NameKey(parent.parent)) }
            for foreignKey in table.foreignKeys { place(NameKey(foreignKey.referencedTable)) }
            visiting.remove(key)
            if placed.insert(key).inserted { ordered.append(key) }
        }
        for key in created.sorted() { place(key) }
        var available = Set(old.tables.keys.filter { !isGone($0) })
        for key in ordered {
            guard let table = new.tables[key] else { continue }
            var statement = table.createStatement
            // Foreign keys to tables that do not exist yet are added once every table does.
            statement.constraints = statement.constraints.filter { constraint in
                guard case .foreignKey(let fk) = constraint else { return true }
                let target = NameKey(fk.referencedTable)
                return target == key || available.contains(target)
            }
            available.insert(key)
            let reason = recreatedTables.contains(key) ? "recreated with its new key or parent" : "table added to the declared schema"
            create(.createTable(statement), .instant, reason, "table \(table.name)")
        }
    }

    /// ADD COLUMN, ALTER COLUMN and the table-level changes of tables that stay.
    mutating func planTableAlterations() {
        for key in newTablesToVisit where old.tables[key] != nil && !isGone(key) {
            guard let table = old.tables[key] else { continue }
            guard let target = new.tables[key] else { continue }
            let name = table.name
            let currentColumns = Self.columnsByKey(table)
            for wanted in target.columns {
                let columnKey = Self.columnKey(name, wanted.name)
                guard let column = currentColumns[NameKey(wanted.name)], !droppedColumns.contains(columnKey) else {
                    var added = wanted
                    let stored: Bool = if case .generated(_, true)? = wanted.generation { true } else { false }
                    let hasDefault: Bool = if case .default? = wanted.generation { true } else { false }
                    if wanted.notNull && !hasDefault && !stored, let value = policy.backfillNotNull {
                        // Spanner fills existing rows from an ADD COLUMN's DEFAULT: one backfill,
                        // no DML, then the DEFAULT the declaration does not have goes.
                        added.generation = .default(value)
                        create(
                            .alterTable(AlterTable(name: name, action: .addColumn(added, ifNotExists: false))), .backfill,
                            "column added NOT NULL; existing rows get \(value.text) (--backfill-not-null)", "column \(name).\(wanted.name)")
                        create(
                            .alterTable(AlterTable(name: name, action: .alterColumn(wanted.name, .dropDefault))), .instant,
                            "the DEFAULT only filled existing rows; the declared column has none", "column \(name).\(wanted.name)")
                        continue
                    }
                    if wanted.notNull && !hasDefault && !stored {
                        // Existing rows need a value: add it nullable, backfill, then add NOT NULL.
                        added.notNull = false
                        create(
                            .alterTable(AlterTable(name: name, action: .addColumn(added, ifNotExists: false))), .instant,
                            "column added nullable; NOT NULL follows once existing rows are filled", "column \(name).\(wanted.name)")
                        var nullable = added
                        nullable.notNull = false
                        planNotNull(nullable, to: wanted, in: table)
                        continue
                    }
                    let cost: CostClass = stored || (wanted.notNull && wanted.generation != nil) ? .backfill : .instant
                    create(
                        .alterTable(AlterTable(name: name, action: .addColumn(added, ifNotExists: false))), cost,
                        droppedColumns.contains(columnKey) ? "re-added with its new definition" : "column added to the declared schema", "column \(name).\(wanted.name)")
                    continue
                }
                planColumnAlteration(column, to: wanted, in: table)
            }
            planInterleaveChange(from: table, to: target)
            planRowDeletionPolicy(from: table, to: target)
            for synonym in table.synonyms where !target.synonyms.contains(where: { $0.matches(synonym) }) {
                drop(.alterTable(AlterTable(name: name, action: .dropSynonym(synonym))), .instant, "synonym removed", "table \(name)")
            }
            for synonym in target.synonyms where !table.synonyms.contains(where: { $0.matches(synonym) }) {
                create(.alterTable(AlterTable(name: name, action: .addSynonym(synonym))), .instant, "synonym added", "table \(name)")
            }
            if let changes = Equivalence.optionChanges(from: table.options, to: target.options) {
                create(.alterTable(AlterTable(name: name, action: .setOptions(changes))), .instant, "table options changed", "table \(name)")
            }
        }
    }

    private mutating func planColumnAlteration(_ column: ColumnDefinition, to wanted: ColumnDefinition, in table: Table) {
        guard !Equivalence.sameColumn(column, wanted) else { return }
        let object = "column \(table.name).\(column.name)"
        var restated = column
        restated.type = wanted.type
        restated.notNull = wanted.notNull
        let definitionChanged = column.type != wanted.type || column.notNull != wanted.notNull
        if definitionChanged && wanted.notNull && !column.notNull && column.type == wanted.type {
            let definition = planNotNull(column, to: wanted, in: table)
            restated.generation = Self.generationAfterRestating(column, with: definition, dialect: new.dialect)
            restated.onUpdate = new.dialect == .postgreSQL ? column.onUpdate : definition.onUpdate
        } else if definitionChanged {
            let definition = Self.restatement(of: column, as: wanted)
            let cost = alterationCost(from: column, to: wanted)
            create(
                .alterTable(AlterTable(name: table.name, action: .alterColumn(column.name, .redefine(definition)))), cost,
                alterationReason(from: column, to: wanted), object)
            restated.generation = Self.generationAfterRestating(column, with: definition, dialect: new.dialect)
            restated.onUpdate = new.dialect == .postgreSQL ? column.onUpdate : definition.onUpdate
        }
        // ON UPDATE needs its DEFAULT: it goes before the DEFAULT changes, and comes back after.
        if restated.onUpdate != nil && !Equivalence.sameExpression(restated.onUpdate, wanted.onUpdate) {
            create(.alterTable(AlterTable(name: table.name, action: .alterColumn(column.name, .dropOnUpdate))), .instant, "ON UPDATE removed or changed", object)
            restated.onUpdate = nil
        }
        if !Equivalence.sameGeneration(restated.generation, wanted.generation) {
            switch wanted.generation {
            case .default(let expression)?:
                create(.alterTable(AlterTable(name: table.name, action: .alterColumn(column.name, .setDefault(expression)))), .instant, "default changed", object)
            case nil:
                if case .default? = column.generation {
                    create(.alterTable(AlterTable(name: table.name, action: .alterColumn(column.name, .dropDefault))), .instant, "default removed", object)
                }
            case .identity(let wantedClauses)?:
                // Only the skip range changes in place; the kind and start counter do not.
                guard case .identity(let currentClauses)? = restated.generation,
                    (currentClauses?.kind).map(NameKey.init) == (wantedClauses?.kind).map(NameKey.init),
                    currentClauses?.startCounter == wantedClauses?.startCounter
                else {
                    warnings.append("\(object): identity settings differ beyond the skip range, which Spanner cannot change in place")
                    break
                }
                let change: IdentityAlteration = wantedClauses?.skipRange.map { .setSkipRange($0) } ?? .setNoSkipRange
                create(.alterTable(AlterTable(name: table.name, action: .alterColumn(column.name, .alterIdentity(change)))), .instant, "identity skip range changed", object)
            default:
                warnings.append("\(object): identity settings differ; change them with ALTER IDENTITY by hand")
            }
        }
        if let changes = Equivalence.optionChanges(from: column.options, to: wanted.options) {
            let enablesCommitTimestamp =
                Equivalence.options(wanted.options)["allow_commit_timestamp"] == "TRUE"
                && Equivalence.options(column.options)["allow_commit_timestamp"] != "TRUE"
            create(
                .alterTable(AlterTable(name: table.name, action: .alterColumn(column.name, .setOptions(changes)))),
                enablesCommitTimestamp ? .validating : .instant, enablesCommitTimestamp ? "enabling commit timestamps validates existing values" : "column options changed", object)
        }
        // After the DEFAULT and the commit-timestamp option it needs.
        if let onUpdate = wanted.onUpdate, !Equivalence.sameExpression(restated.onUpdate, onUpdate) {
            create(.alterTable(AlterTable(name: table.name, action: .alterColumn(column.name, .setOnUpdate(onUpdate)))), .instant, "ON UPDATE set", object)
        }
        if column.hidden != wanted.hidden {
            warnings.append("\(object): HIDDEN differs; Spanner cannot change it in place")
        }
        if column.placementKey != wanted.placementKey {
            warnings.append("\(object): PLACEMENT KEY differs; Spanner cannot change it in place")
        }
    }

    /// The definition an `ALTER COLUMN c <type>` restates to turn `column` into `wanted`'s type
    /// and nullability. Spanner removes a DEFAULT (and NOT NULL) the statement leaves out, so
    /// the wanted DEFAULT goes along; a generated column restates its expression, which cannot
    /// change here.
    static func restatement(of column: ColumnDefinition, as wanted: ColumnDefinition) -> ColumnDefinition {
        var definition = ColumnDefinition(name: column.name, type: wanted.type, notNull: wanted.notNull)
        if case .default? = wanted.generation {
            definition.generation = wanted.generation
            definition.onUpdate = wanted.onUpdate
        }
        if case .generated? = column.generation { definition.generation = column.generation }
        return definition
    }

    /// What the column's DEFAULT or generation is after `definition` restated it: what it
    /// says, except an identity, which a restatement leaves in place.
    /// PostgreSQL restates the type and nullability only, so there the column keeps its own.
    static func generationAfterRestating(_ column: ColumnDefinition, with definition: ColumnDefinition, dialect: Dialect) -> ColumnGeneration? {
        if dialect == .postgreSQL { return column.generation }
        if definition.generation == nil, case .identity? = column.generation { return column.generation }
        return definition.generation
    }

    /// Adds NOT NULL to a column that may hold NULLs: with `--backfill-not-null VALUE`, a
    /// partitioned-DML UPDATE fills them first; without it, the ALTER validates (and fails on
    /// any NULL), which the plan warns about. Returns the definition the ALTER restates.
    @discardableResult
    mutating func planNotNull(_ column: ColumnDefinition, to wanted: ColumnDefinition, in table: Table) -> ColumnDefinition {
        let object = "column \(table.name).\(column.name)"
        if let value = policy.backfillNotNull {
            let dialect = new.dialect
            let name = column.name.spelled(in: dialect)
            let update = "UPDATE \(table.name.spelled(in: dialect)) SET \(name) = \(value.text) WHERE \(name) IS NULL"
            let text = (try? Expression(parsing: update, dialect: dialect)) ?? Expression(canonicalText: update, dialect: dialect)
            var step = PlannedStatement(
                statement: .dml(RawStatement(kind: "UPDATE", text: text)), cost: .backfill,
                reason: "fills NULLs before NOT NULL is added (partitioned DML)", object: object)
            step.partitionedDML = true
            creates.append(step)
        } else if table.columns.contains(where: { $0.name.matches(column.name) }) {
            warnings.append("\(object) becomes NOT NULL: the change fails if any row holds NULL; use --backfill-not-null VALUE to fill them first")
        } else {
            warnings.append("\(object) is added NOT NULL without a DEFAULT: it fails on a table with rows; use --backfill-not-null VALUE or declare a DEFAULT")
        }
        var definition = Self.restatement(of: column, as: wanted)
        definition.notNull = true
        create(
            .alterTable(AlterTable(name: table.name, action: .alterColumn(column.name, .redefine(definition)))), .validating,
            "adding NOT NULL validates that no row holds NULL", object)
        return definition
    }

    private func alterationCost(from column: ColumnDefinition, to wanted: ColumnDefinition) -> CostClass {
        if wanted.notNull && !column.notNull { return .validating }
        if case .bytes = column.type, case .string = wanted.type { return .validating }
        if wanted.type.lengthLimit < column.type.lengthLimit { return .validating }
        return .instant
    }

    private func alterationReason(from column: ColumnDefinition, to wanted: ColumnDefinition) -> String {
        if wanted.notNull && !column.notNull { return "adding NOT NULL validates that no row holds NULL" }
        if !wanted.notNull && column.notNull { return "NOT NULL removed" }
        if case .bytes = column.type, case .string = wanted.type { return "BYTES to STRING validates that every value is UTF-8" }
        if wanted.type.lengthLimit < column.type.lengthLimit { return "shrinking the length validates every value" }
        return "type changed in place"
    }

    private mutating func planInterleaveChange(from table: Table, to target: Table) {
        guard let old = table.interleave, let new = target.interleave else { return }
        if old.inParent != new.inParent {
            create(
                .alterTable(AlterTable(name: table.name, action: .setInterleave(new))), .instant,
                new.inParent ? "now INTERLEAVE IN PARENT: enforces that parent rows exist" : "now INTERLEAVE IN: parent rows no longer required", "table \(table.name)")
        } else if new.inParent, Equivalence.onDelete(old) != Equivalence.onDelete(new) {
            create(.alterTable(AlterTable(name: table.name, action: .setOnDelete(Equivalence.onDelete(new)!))), .instant, "ON DELETE changed", "table \(table.name)")
        }
    }

    /// Adds or replaces row deletion policies; drops happen earlier, before column drops.
    private mutating func planRowDeletionPolicy(from table: Table, to target: Table) {
        let object = "table \(table.name)"
        guard let wanted = target.rowDeletionPolicy else { return }
        if let current = table.rowDeletionPolicy, !policyDroppedFirst(current, in: table, wanted: wanted) {
            // REPLACE swaps the policy at once, with no moment without one.
            if !current.column.matches(wanted.column) || current.days != wanted.days {
                create(.alterTable(AlterTable(name: table.name, action: .replaceRowDeletionPolicy(wanted))), .instant, "row deletion policy changed", object)
            }
        } else {
            create(.alterTable(AlterTable(name: table.name, action: .addRowDeletionPolicy(wanted))), .instant, "row deletion policy added", object)
        }
    }

    /// Whether the current policy must be dropped in the drop phase: none is wanted, or its
    /// column is dropped or reshaped by this plan (Spanner refuses that while a policy uses it).
    /// Otherwise a changed policy is replaced in place.
    func policyDroppedFirst(_ current: RowDeletionPolicy, in table: Table, wanted: RowDeletionPolicy?) -> Bool {
        guard wanted != nil else { return true }
        return isReshaped(table.name, current.column)
    }

    /// Drops a policy that goes away, or whose column goes, before its column can be dropped.
    mutating func planRowDeletionPolicyDrop(from table: Table, to target: Table) {
        guard let current = table.rowDeletionPolicy, policyDroppedFirst(current, in: table, wanted: target.rowDeletionPolicy) else { return }
        drop(.alterTable(AlterTable(name: table.name, action: .dropRowDeletionPolicy)), .instant, "row deletion policy removed or moved", "table \(table.name)")
    }
}
