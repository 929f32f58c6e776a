import SpannerDDL
import SpannerSchema

/// Names whose declared spelling differs from the current one only in case.
///
/// Spanner keeps names unique regardless of case but matches DDL references by exact case, so
/// `Singers` and `SINGERS` are the same table for uniqueness and different names for every
/// statement that refers to it. A table is renamed through a temporary name (a direct rename is
/// refused as a duplicate); nothing else can be renamed in Spanner, so any other case change is
/// refused with an explanation rather than planned as a drop that loses data.
enum CaseChanges {
    /// The RENAME TABLE steps for tables, applied to `schema`.
    static func renameTables(in schema: inout Schema, to new: Schema) throws(DiffError) -> [PlannedStatement] {
        var steps: [PlannedStatement] = []
        for key in schema.tables.keys.sorted() {
            guard let current = schema.tables[key], let target = new.tables[key], !current.name.spelledExactly(target.name) else { continue }
            var temporary = ObjectName(current.name.parts.dropLast() + [Identifier(current.name.base.name + "_ratchet_case")])
            while schema.table(temporary) != nil || new.table(temporary) != nil {
                temporary = ObjectName(temporary.parts.dropLast() + [Identifier(temporary.base.name + "_")])
            }
            // Views and functions that read the table block a rename: they go first, and the
            // planner creates them again (they are missing from the schema it starts from).
            steps += try dropReaders(of: current.name, in: &schema)
            // PostgreSQL has no RENAME TABLE: there the two renames are two ALTER TABLEs.
            let statements: [Statement] =
                new.dialect == .postgreSQL
                ? [
                    .alterTable(AlterTable(name: current.name, action: .renameTo(temporary, addSynonym: nil))),
                    .alterTable(AlterTable(name: temporary, action: .renameTo(target.name, addSynonym: nil))),
                ]
                : [
                    .renameTable(
                        RenameTable(renames: [
                            RenameTable.Rename(from: current.name, to: temporary), RenameTable.Rename(from: temporary, to: target.name),
                        ]))
                ]
            for statement in statements {
                do {
                    try schema.apply(statement)
                } catch {
                    throw DiffError(kind: .unsupported, message: "table \(current.name) cannot be renamed to \(target.name): \(error.message)")
                }
                steps.append(
                    PlannedStatement(
                        statement: statement, cost: .instant,
                        reason: "renamed: the declared name differs only in case, and Spanner matches references by exact case (through a temporary name, since names are unique regardless of case)",
                        object: "table \(target.name)"))
            }
        }
        return steps
    }

    /// Drops the views and functions that read `table`, and those that use them, readers first.
    static func dropReaders(of table: ObjectName, in schema: inout Schema) throws(DiffError) -> [PlannedStatement] {
        var pending: [Drop] = []
        var seen = Set<NameKey>()
        var frontier = [table]
        while let name = frontier.popLast() {
            let key = NameKey(name)
            for view in schema.views.values where view.query.references.relations.contains(where: { NameKey($0) == key }) || Schema.query(view.query, mentions: name) {
                guard NameKey(view.name) != key, seen.insert(NameKey(view.name)).inserted else { continue }
                pending.append(Drop(kind: .view, name: view.name))
                frontier.append(view.name)
            }
            for function in schema.functions.values {
                let references = function.body?.references
                let reads = references?.relations.contains { NameKey($0) == key } == true || references?.functions.contains { NameKey($0) == key } == true
                guard reads, seen.insert(NameKey(function.name)).inserted else { continue }
                pending.append(Drop(kind: .function, name: function.name))
                frontier.append(function.name)
            }
        }
        // Drop whatever nothing left depends on, until all are gone.
        var steps: [PlannedStatement] = []
        var remaining = pending
        while !remaining.isEmpty {
            var progressed = false
            for (i, drop) in remaining.enumerated().reversed() {
                var attempt = schema
                guard (try? attempt.apply(.drop(drop))) != nil else { continue }
                schema = attempt
                steps.append(
                    PlannedStatement(
                        statement: .drop(drop), cost: .instant,
                        reason: "dropped to let its table be renamed; created again after", object: "\(drop.kind.rawValue.lowercased()) \(drop.name!)"))
                remaining.remove(at: i)
                progressed = true
            }
            guard progressed else {
                throw DiffError(kind: .unsupported, message: "table \(table) cannot be renamed: \(remaining.map { "\($0.kind.rawValue.lowercased()) \($0.name!)" }.joined(separator: ", ")) cannot be dropped around it")
            }
        }
        return steps
    }

    /// Refuses a case-only change of any other name.
    static func refuseOthers(from old: Schema, to new: Schema) throws(DiffError) {
        func check(_ kind: String, _ before: ObjectName?, _ after: ObjectName?) throws(DiffError) {
            guard let before, let after, !before.spelledExactly(after) else { return }
            throw DiffError(
                kind: .unsupported,
                message:
                    "\(kind) \(before) is declared as \(after): the names differ only in case, which Spanner treats as the same name for uniqueness but not for references, and it cannot rename a \(kind); declare it as \(before), or drop it and create it under the new spelling yourself"
            )
        }
        for key in old.tables.keys.sorted() {
            guard let table = old.tables[key], let target = new.tables[key] else { continue }
            for column in table.columns {
                guard let wanted = target.column(column.name), wanted.name.name != column.name.name else { continue }
                throw DiffError(
                    kind: .unsupported,
                    message: "column \(table.name).\(column.name) is declared as \(wanted.name): the names differ only in case, and Spanner cannot rename a column; declare it as \(column.name), or add a new column and move the data yourself")
            }
        }
        for key in old.indexes.keys.sorted() { try check("index", old.indexes[key]?.name, new.indexes[key]?.name) }
        for key in old.views.keys.sorted() { try check("view", old.views[key]?.name, new.views[key]?.name) }
        for key in old.functions.keys.sorted() { try check("function", old.functions[key]?.name, new.functions[key]?.name) }
        for key in old.sequences.keys.sorted() { try check("sequence", old.sequences[key]?.name, new.sequences[key]?.name) }
        for key in old.changeStreams.keys.sorted() { try check("change stream", old.changeStreams[key]?.name, new.changeStreams[key]?.name) }
        for key in old.models.keys.sorted() { try check("model", old.models[key]?.name, new.models[key]?.name) }
    }
}
