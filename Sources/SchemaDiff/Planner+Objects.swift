import SpannerDDL
import SpannerSchema

// MARK: - Views, change streams, sequences, options, schemas and access control

extension Planner {
    /// Whether an old view reads something that this plan drops or rebuilds.
    private func viewReadsDropped(_ references: ViewReferences) -> Bool {
        for key in droppedTables.union(recreatedTables) where old.tables[key].map({ references.mentions($0.name) }) == true { return true }
        for column in droppedColumns.union(retypedColumns) {
            let name = column.split(separator: ".").last.map(String.init) ?? column
            if references.keys.contains(name) { return true }
        }
        return false
    }

    /// Views removed, and views whose old query reads what is dropped (recreated at the end).
    mutating func planViewDrops() {
        let removedViews = old.views.values.filter { new.views[NameKey($0.name)] == nil }.map(\.name)
        // Only views that go or change can need dropping (all of them when a view they may
        // read goes); views that read other views go first.
        let candidates =
            removedViews.isEmpty
            ? old.views.values.filter { !Equivalence.sameExpression(new.views[NameKey($0.name)]?.query, $0.query) }
            : Array(old.views.values)
        for view in Self.readOrder(candidates).reversed() {
            let key = NameKey(view.name)
            let wanted = new.views[key]
            guard wanted == nil || !Equivalence.sameExpression(wanted!.query, view.query) || !removedViews.isEmpty else { continue }
            let references = ViewReferences(view.query)
            let readsRemoved = removedViews.contains { NameKey($0) != key && references.mentions($0) }
            if wanted == nil || (!Equivalence.sameExpression(wanted!.query, view.query) && viewReadsDropped(references)) || readsRemoved {
                drop(.drop(Drop(kind: .view, name: view.name)), .instant, wanted == nil ? "view removed from the declared schema" : "dropped to be recreated after the objects it reads change", "view \(view.name)")
            }
        }
    }

    mutating func planViews() {
        let dropped = Set(
            drops.compactMap { step -> NameKey? in
                if case .drop(let d) = step.statement, d.kind == .view, let name = d.name { return NameKey(name) }
                return nil
            })
        let changed = new.views.values.filter { view in
            let key = NameKey(view.name)
            guard let current = old.views[key], !dropped.contains(key) else { return true }
            return !Equivalence.sameExpression(current.query, view.query) || current.security != view.security
        }
        // Unchanged views exist already; only the new and changed ones need ordering.
        for view in Self.readOrder(changed) {
            let key = NameKey(view.name)
            if let current = old.views[key], !dropped.contains(key) {
                guard !Equivalence.sameExpression(current.query, view.query) || current.security != view.security else { continue }
                var replacement = view
                replacement.orReplace = true
                create(.createView(replacement), .instant, "view query changed", "view \(view.name)")
            } else {
                var created = view
                created.orReplace = false
                create(.createView(created), .instant, old.views[key] == nil ? "view added to the declared schema" : "recreated", "view \(view.name)")
            }
        }
    }

    /// Views ordered so that each comes after the views it reads; ties by name.
    static func readOrder(_ views: [CreateView]) -> [CreateView] {
        Schema.viewOrder(views.sorted { NameKey($0.name) < NameKey($1.name) })
    }

    // MARK: Change streams

    private func watchTouchesDropped(_ watch: ChangeStreamWatch?) -> Bool {
        guard case .tables(let tables)? = watch else { return false }
        for entry in tables {
            if isGone(NameKey(entry.table)) { return true }
            for column in entry.columns ?? [] where droppedColumns.contains(Self.columnKey(entry.table, column)) { return true }
        }
        return false
    }

    /// What a change stream can keep watching while this plan drops some of what it watches:
    /// the tables that stay, without the columns that go; nil when nothing is left.
    private func interimWatch(_ watch: ChangeStreamWatch?) -> ChangeStreamWatch? {
        guard case .tables(let tables)? = watch else { return nil }
        var kept: [ChangeStreamWatch.WatchedTable] = []
        for entry in tables where !isGone(NameKey(entry.table)) {
            var entry = entry
            entry.columns = entry.columns?.filter { !droppedColumns.contains(Self.columnKey(entry.table, $0)) }
            kept.append(entry)
        }
        return kept.isEmpty ? nil : .tables(kept)
    }

    /// Whether a watch list names only tables and columns that exist before this plan's drops
    /// and survive them, so the stream can be repointed to it before anything is dropped.
    private func watchUsableBeforeDrops(_ watch: ChangeStreamWatch?) -> Bool {
        guard case .tables(let tables)? = watch else { return false }
        for entry in tables {
            let key = NameKey(entry.table)
            guard let table = old.tables[key], !isGone(key) else { return false }
            for column in entry.columns ?? [] {
                guard table.column(column) != nil, !droppedColumns.contains(Self.columnKey(entry.table, column)) else { return false }
            }
        }
        return true
    }

    /// What a stream watches between the drop phase and the create phase.
    private func watchAfterDrops(current: ChangeStreamWatch?, wanted: ChangeStreamWatch?) -> ChangeStreamWatch? {
        guard watchTouchesDropped(current) else { return current }
        return watchUsableBeforeDrops(wanted) ? wanted : interimWatch(current)
    }

    mutating func planChangeStreamDrops() {
        for key in old.changeStreams.keys.sorted() {
            guard let stream = old.changeStreams[key] else { continue }
            guard let wanted = new.changeStreams[key] else {
                drop(.drop(Drop(kind: .changeStream, name: stream.name)), .instant, "change stream removed from the declared schema", "change stream \(stream.name)")
                continue
            }
            // A watched table or column that goes away (dropped, or rebuilt under the same name)
            // must be let go first, even when the watch list reads the same afterwards; the
            // rest stays watched meanwhile, so its readers miss nothing.
            if watchTouchesDropped(stream.watch) {
                if watchUsableBeforeDrops(wanted.watch), case .tables? = wanted.watch, let target = wanted.watch {
                    // Repointed in one statement: no moment without its new watch list.
                    drop(
                        .alterChangeStream(AlterChangeStream(name: stream.name, action: .setFor(target))), .instant,
                        "repointed to its new watch list before objects it watched are dropped", "change stream \(stream.name)")
                } else if let interim = interimWatch(stream.watch) {
                    drop(
                        .alterChangeStream(AlterChangeStream(name: stream.name, action: .setFor(interim))), .instant,
                        "keeps watching what stays while objects it watched are dropped; the new watch list is set after", "change stream \(stream.name)")
                } else {
                    drop(
                        .alterChangeStream(AlterChangeStream(name: stream.name, action: .dropForAll)), .instant,
                        "stops watching objects this plan drops; the new watch list is set after", "change stream \(stream.name)")
                }
            }
        }
    }

    mutating func planChangeStreams() {
        for key in new.changeStreams.keys.sorted() {
            guard let stream = new.changeStreams[key] else { continue }
            guard let current = old.changeStreams[key] else {
                create(.createChangeStream(stream), .instant, "change stream added to the declared schema", "change stream \(stream.name)")
                continue
            }
            // What it watches once the drops are done: as it was, or what the drop phase left.
            let interim = watchAfterDrops(current: current.watch, wanted: stream.watch)
            if stream.watch != interim {
                if let watch = stream.watch {
                    create(.alterChangeStream(AlterChangeStream(name: stream.name, action: .setFor(watch))), .instant, "watched tables changed", "change stream \(stream.name)")
                } else {
                    create(.alterChangeStream(AlterChangeStream(name: stream.name, action: .dropForAll)), .instant, "no longer watches any table", "change stream \(stream.name)")
                }
            }
            if let changes = Equivalence.optionChanges(from: current.options, to: stream.options) {
                create(.alterChangeStream(AlterChangeStream(name: stream.name, action: .setOptions(changes))), .instant, "options changed", "change stream \(stream.name)")
            }
        }
    }

    // MARK: Sequences, options, schemas

    mutating func planSequenceDrops() {
        for key in old.sequences.keys.sorted() where new.sequences[key] == nil {
            guard let sequence = old.sequences[key] else { continue }
            drop(.drop(Drop(kind: .sequence, name: sequence.name)), .destructive, "sequence removed; its counter state is lost", "sequence \(sequence.name)")
        }
    }

    mutating func planSequences() {
        for key in new.sequences.keys.sorted() {
            guard let sequence = new.sequences[key] else { continue }
            guard let current = old.sequences[key] else {
                var created = sequence
                created.ifNotExists = false
                create(.createSequence(created), .instant, "sequence added to the declared schema", "sequence \(sequence.name)")
                continue
            }
            if let changes = Equivalence.optionChanges(from: current.options, to: sequence.options) {
                create(.alterSequence(AlterSequence(name: sequence.name, action: .setOptions(changes))), .instant, "sequence options changed", "sequence \(sequence.name)")
            }
            if current.clauses.skipRange != sequence.clauses.skipRange || current.clauses.startCounter != sequence.clauses.startCounter {
                let skip: AlterSequence.SkipRangeChange? = current.clauses.skipRange == sequence.clauses.skipRange ? nil : sequence.clauses.skipRange.map { .set($0) } ?? .remove
                let restart = current.clauses.startCounter == sequence.clauses.startCounter ? nil : sequence.clauses.startCounter
                if skip != nil || restart != nil {
                    create(.alterSequence(AlterSequence(name: sequence.name, action: .alter(skipRange: skip, restartCounter: restart))), .instant, "sequence settings changed", "sequence \(sequence.name)")
                }
            }
        }
    }

    mutating func planDatabaseOptions() {
        var entries: [OptionList.Option] = []
        for name in Set(old.databaseOptions.keys).union(new.databaseOptions.keys).sorted() where old.databaseOptions[name] != new.databaseOptions[name] {
            entries.append(OptionList.Option(name: Identifier(name), value: new.databaseOptions[name] ?? Expression(canonicalText: "NULL")))
        }
        guard !entries.isEmpty else { return }
        warnings.append("database options changed: the statement names the database `db`; Ratchet fills in the real name when it applies the plan")
        // PostgreSQL sets one option a statement.
        let groups = new.dialect == .postgreSQL ? entries.map { [$0] } : [entries]
        for group in groups {
            create(.alterDatabase(AlterDatabase(name: Schema.databasePlaceholder, options: OptionList(group))), .instant, "database options changed", "database")
        }
    }

    mutating func planNamedSchemas() {
        for (key, name) in new.namedSchemas.sorted(by: { $0.key < $1.key }) where old.namedSchemas[key] == nil {
            create(.createSchema(CreateSchema(name: name)), .instant, "schema added", "schema \(name)")
        }
        for (key, name) in old.namedSchemas.sorted(by: { $0.key < $1.key }) where new.namedSchemas[key] == nil {
            // After every object in it is gone: table drops come before this in the drop list.
            drop(.drop(Drop(kind: .schema, name: ObjectName(name))), .instant, "schema removed", "schema \(name)")
        }
    }

    // MARK: Roles and grants

    /// Privileges on a table or column this plan drops and creates again: Spanner drops them
    /// with the object, so they are revoked before and granted again after.
    private func onRebuiltObject(_ entry: GrantEntry) -> Bool {
        guard case .privilege(_, .table, let object, let column) = entry.subject else { return false }
        if recreatedTables.contains(object) { return true }
        guard let column, let table = new.tables[object], table.column(Identifier(column.value)) != nil else { return false }
        return droppedColumns.contains("\(object.value).\(column.value)")
    }

    /// REVOKE, first of all: before the objects they name are dropped or rebuilt.
    mutating func planRevokes() {
        var revoked = old.grants.subtracting(new.grants)
        for entry in old.grants.intersection(new.grants) where onRebuiltObject(entry) { revoked.insert(entry) }
        for entry in revoked.sorted(by: { "\($0)" < "\($1)" }) {
            if let statement = old.grantStatement(for: entry) { drop(.revoke(statement), .instant, "privilege revoked", "role \(entry.grantee)") }
        }
    }

    mutating func planAccessControl() {
        for (key, role) in new.roles.sorted(by: { $0.key < $1.key }) where old.roles[key] == nil {
            create(.createRole(role), .instant, "role added", "role \(role)")
        }
        var granted = new.grants.subtracting(old.grants)
        for entry in old.grants.intersection(new.grants) where onRebuiltObject(entry) { granted.insert(entry) }
        for entry in granted.sorted(by: { "\($0)" < "\($1)" }) {
            if let statement = new.grantStatement(for: entry) {
                create(.grant(statement), .instant, onRebuiltObject(entry) ? "privilege granted again on the rebuilt object" : "privilege granted", "role \(entry.grantee)")
            }
        }
        for (key, role) in old.roles.sorted(by: { $0.key < $1.key }) where new.roles[key] == nil {
            create(.drop(Drop(kind: .role, name: ObjectName(role))), .instant, "role removed", "role \(role)")
        }
    }
}
