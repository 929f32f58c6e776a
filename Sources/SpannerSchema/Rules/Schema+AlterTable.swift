import SpannerDDL

// MARK: - ALTER TABLE

extension Schema {
    mutating func alterTable(_ alter: AlterTable, limits: SchemaLimits) throws(SchemaError) {
        var table = try referencedTable(alter.name)
        let key = NameKey(table.name)
        switch alter.action {
        case .addColumn(let column, let ifNotExists):
            if table.column(column.name) != nil {
                if ifNotExists { return }
                throw .duplicate("column", "\(table.name).\(column.name)")
            }
            try validateColumnDefinition(column, in: table, limits: limits)
            if column.notNull {
                let backfills =
                    column.generation.map { generation -> Bool in
                        switch generation {
                        case .default: true
                        case .generated(_, let stored): stored
                        default: false
                        }
                    } ?? false
                guard backfills else {
                    throw .disallowed("ADD COLUMN \(column.name) NOT NULL needs a DEFAULT or AS (...) STORED to fill existing rows; add the column nullable, backfill it, then add NOT NULL")
                }
            }
            table.columns.append(column)
            guard table.columns.count <= limits.columnsPerTable else {
                throw .limit("table \(table.name) would have \(table.columns.count) columns; a table holds at most \(limits.columnsPerTable)")
            }

        case .dropColumn(let name):
            guard let index = table.columnIndex(name) else { throw .unknownColumn(name, in: table.name, context: "DROP COLUMN") }
            let blockers = dependents(ofColumn: name, in: table)
            guard blockers.isEmpty else { throw .dependents("column \(table.name).\(table.columns[index].name)", blockers) }
            table.columns.remove(at: index)
            dropPrivileges(on: .table, key, column: NameKey(name))

        case .alterColumn(let name, let action):
            guard let index = table.columnIndex(name) else { throw .unknownColumn(name, in: table.name, context: "ALTER COLUMN") }
            table.columns[index] = try alteredColumn(table.columns[index], in: table, action: action, limits: limits)

        case .addConstraint(let constraint):
            switch constraint {
            case .check(let check):
                try validateCheck(check, on: table)
                table.checks.append(check)
            case .foreignKey(let foreignKey):
                try validateForeignKey(foreignKey, on: table)
                table.foreignKeys.append(foreignKey)
            }
            try validateConstraintNames(of: table)

        case .dropConstraint(let name):
            if let i = table.checks.firstIndex(where: { $0.name?.matches(name) ?? false }) {
                table.checks.remove(at: i)
            } else if let i = table.foreignKeys.firstIndex(where: { $0.name?.matches(name) ?? false }) {
                table.foreignKeys.remove(at: i)
            } else {
                throw .unknown("constraint", "\(name) on table \(table.name)")
            }

        case .setOnDelete(let action):
            guard let current = table.interleave, current.inParent else {
                throw .disallowed("SET ON DELETE needs a table interleaved IN PARENT; \(table.name) is not")
            }
            if action != .cascade, let parent = self.table(current.parent), let holder = ancestorWithRowDeletionPolicy(from: parent) {
                throw .disallowed("table \(table.name) must keep ON DELETE CASCADE: its ancestor \(holder.name) has a row deletion policy")
            }
            table.interleave?.onDelete = action

        case .setInterleave(let interleave):
            guard let current = table.interleave, current.parent.spelledExactly(interleave.parent) else {
                throw .disallowed("SET INTERLEAVE can only switch between INTERLEAVE IN and IN PARENT of the same parent; changing \(table.name)'s parent needs the table recreated")
            }
            if !interleave.inParent, interleave.onDelete != nil {
                throw .disallowed("INTERLEAVE IN (without PARENT) takes no ON DELETE clause")
            }
            if interleave.inParent, !current.inParent, interleave.onDelete == .cascade {
                throw .disallowed("table \(table.name) moves from INTERLEAVE IN to IN PARENT with ON DELETE NO ACTION first; then SET ON DELETE CASCADE in a second statement")
            }
            if interleave.inParent, interleave.onDelete != .cascade, let parent = self.table(current.parent), let holder = ancestorWithRowDeletionPolicy(from: parent) {
                throw .disallowed("table \(table.name) must be interleaved ON DELETE CASCADE: its ancestor \(holder.name) has a row deletion policy")
            }
            table.interleave = interleave

        case .addRowDeletionPolicy(let policy):
            guard table.rowDeletionPolicy == nil else { throw .disallowed("table \(table.name) already has a row deletion policy; use REPLACE ROW DELETION POLICY") }
            try validateRowDeletionPolicy(policy, on: table)
            table.rowDeletionPolicy = policy

        case .replaceRowDeletionPolicy(let policy):
            guard table.rowDeletionPolicy != nil else { throw .disallowed("table \(table.name) has no row deletion policy to replace; use ADD ROW DELETION POLICY") }
            try validateRowDeletionPolicy(policy, on: table)
            table.rowDeletionPolicy = policy

        case .dropRowDeletionPolicy:
            guard table.rowDeletionPolicy != nil else { throw .disallowed("table \(table.name) has no row deletion policy to drop") }
            table.rowDeletionPolicy = nil

        case .addSynonym(let synonym):
            guard table.synonyms.isEmpty else { throw .disallowed("table \(table.name) already has a synonym; a table has at most one") }
            if let existing = objectKind(named: ObjectName(synonym)) { throw .duplicate("synonym", synonym, existing: existing) }
            table.synonyms.append(synonym)

        case .dropSynonym(let synonym):
            guard let i = table.synonyms.firstIndex(where: { $0.matches(synonym) }) else { throw .unknown("synonym", "\(synonym) of table \(table.name)") }
            table.synonyms.remove(at: i)

        case .renameTo(let newName, let synonym):
            try renameTable(table.name, to: newName, synonym: synonym)
            return

        case .setOptions(let options):
            try validatePlacementOptions(options, on: "table \(table.name)")
            table.options = merged(table.options, options)
        }
        store(table, replacing: key)
    }

    /// The column after `action`, if Spanner allows the change in place.
    private func alteredColumn(_ column: ColumnDefinition, in table: Table, action: AlterColumnAction, limits: SchemaLimits) throws(SchemaError) -> ColumnDefinition {
        var result = column
        switch action {
        case .setOptions(let options):
            try validateColumnOptions(options, on: "column \(table.name).\(column.name)")
            result.options = merged(column.options, options)
            if result.options?["allow_commit_timestamp"] != nil, column.type != .timestamp {
                throw SchemaError(kind: .invalidColumn, message: "allow_commit_timestamp needs a TIMESTAMP column; \(table.name).\(column.name) is not one")
            }
        case .setDefault(let expression):
            if case .generated = column.generation { throw .disallowed("\(table.name).\(column.name) is a generated column and cannot have a DEFAULT") }
            for sequence in expression.references.sequences where sequences[NameKey(sequence)] == nil { throw .unknown("sequence", sequence) }
            result.generation = .default(expression)
        case .dropDefault:
            // An identity column keeps its sequence; Spanner accepts DROP DEFAULT and changes nothing.
            if case .identity = column.generation { return result }
            guard case .default = column.generation else { throw .disallowed("\(table.name).\(column.name) has no DEFAULT to drop") }
            guard column.onUpdate == nil else { throw .disallowed("\(table.name).\(column.name) has an ON UPDATE expression; DROP ON UPDATE first") }
            result.generation = nil
        case .setOnUpdate(let expression):
            result.onUpdate = expression
            try validateOnUpdate(result, in: table)
        case .dropOnUpdate:
            guard column.onUpdate != nil else { throw .disallowed("\(table.name).\(column.name) has no ON UPDATE expression to drop") }
            result.onUpdate = nil
        case .alterIdentity(let change):
            guard case .identity(let clauses) = column.generation else { throw .disallowed("\(table.name).\(column.name) is not an identity column") }
            var updated = clauses ?? SequenceClauses()
            switch change {
            case .setSkipRange(let range):
                guard range.min <= range.max else { throw .disallowed("SKIP RANGE \(range.min), \(range.max): the minimum is above the maximum") }
                updated.skipRange = range
            case .setNoSkipRange: updated.skipRange = nil
            case .restartCounter: break  // the counter is state, not schema
            }
            result.generation = .identity(updated.isEmpty ? nil : updated)
        case .setType(let type):
            // PostgreSQL's partial change: the column restated with the new type. A plain
            // timestamptz no longer accepts the commit timestamp.
            var definition = column
            definition.type = type
            if let options = column.options, options["allow_commit_timestamp"] != nil {
                definition.options = OptionList(options.entries.filter { $0.name.name.lowercased() != "allow_commit_timestamp" })
            }
            result = try alteredColumn(column, in: table, action: .redefine(definition), limits: limits)
            if result.options?.entries.isEmpty == true { result.options = nil }
        case .setNotNull(let notNull):
            var definition = column
            definition.notNull = notNull
            result = try alteredColumn(column, in: table, action: .redefine(definition), limits: limits)
        case .redefine(var definition):
            definition.name = column.name
            if dialect == .postgreSQL {
                // PostgreSQL's `ALTER COLUMN c TYPE t, ALTER COLUMN c SET NOT NULL` changes the
                // type and nullability only: a default, generation or HIDDEN stays as it was.
                definition.generation = column.generation
                definition.onUpdate = column.onUpdate
                definition.hidden = column.hidden
            }
            try checkRedefinition(from: column, to: definition, in: table)
            // Options not restated are kept, as Spanner does.
            if definition.options == nil { definition.options = column.options }
            if definition.generation == nil, case .identity = column.generation { definition.generation = column.generation }
            try validateColumnDefinition(definition, in: table, limits: limits)
            result = definition
        }
        return result
    }

    /// Spanner's in-place ALTER COLUMN rules (SPANNER-FACTS section 4).
    func checkRedefinition(from old: ColumnDefinition, to new: ColumnDefinition, in table: Table) throws(SchemaError) {
        let where_ = "\(table.name).\(old.name)"
        if table.isKeyColumn(old.name) {
            // Any ALTER of a key column shared with an interleaved parent or child is refused,
            // except turning commit timestamps on or off.
            let onlyOptions = old.type == new.type && old.notNull == new.notNull && old.generation == new.generation
            let commitTimestampChange = onlyOptions && old.options?["allow_commit_timestamp"] != new.options?["allow_commit_timestamp"]
            if !commitTimestampChange {
                if let link = table.interleave, let parent = self.table(link.parent), parent.column(old.name) != nil {
                    throw .disallowed("\(where_) is a key column shared with the parent table \(parent.name); it cannot be altered from the child")
                }
                if let child = children(of: table.name).first(where: { $0.isKeyColumn(old.name) }) {
                    throw .disallowed("\(where_) is a key column shared with the interleaved table \(child.name); it cannot change while that table exists")
                }
            }
            guard old.notNull == new.notNull else {
                throw .disallowed("\(where_) is a key column: its nullability cannot change; the table must be recreated")
            }
            guard old.type == new.type || Self.isInPlaceTypeChange(from: old.type, to: new.type) else {
                throw .disallowed("\(where_) is a key column: it can change only between STRING and BYTES or in length; the table must be recreated")
            }
        }
        if old.notNull != new.notNull {
            for index in indexes(on: table.name) {
                guard case .standard(let i) = index, !i.nullFiltered, i.keys.contains(where: { $0.column.matches(old.name) }) else { continue }
                throw .disallowed("\(where_) is a key of index \(i.name), which is not NULL_FILTERED; its nullability cannot change while the index exists")
            }
        }
        if case .generated(let oldExpression, let stored) = old.generation {
            guard case .generated(let newExpression, stored)? = new.generation, newExpression == oldExpression else {
                throw .disallowed("\(where_) is a generated column: its expression cannot change in place; drop and re-add it")
            }
            guard old.type == new.type else { throw .disallowed("the type of generated column \(where_) cannot change") }
        } else if case .generated = new.generation {
            throw .disallowed("ALTER COLUMN cannot make \(where_) a generated column; add a new generated column instead")
        }
        if old.notNull != new.notNull, case .array = old.type {
            throw .disallowed("the nullability of ARRAY column \(where_) cannot change")
        }
        guard old.type != new.type else { return }
        guard Self.isInPlaceTypeChange(from: old.type, to: new.type) else {
            throw .disallowed("\(where_) cannot change from \(DDLPrinter.typeName(old.type, dialect: dialect)) to \(DDLPrinter.typeName(new.type, dialect: dialect)) in place; that needs the column dropped and re-added, which loses its data")
        }
        // A length change keeps the type; only STRING <-> BYTES changes what expressions see.
        guard Self.baseType(old.type) != Self.baseType(new.type) else { return }
        let generatedUsers = table.columns.filter { column in
            guard case .generated(let e, _)? = column.generation else { return false }
            return e.referencedIdentifiers.contains { $0.matches(old.name) }
        }
        let checkUsers = table.checks.filter { $0.expression.referencedIdentifiers.contains { $0.matches(old.name) } }
        if !generatedUsers.isEmpty || !checkUsers.isEmpty {
            throw .disallowed("the type of \(where_) cannot change while a generated column or CHECK uses it")
        }
    }

    /// The type without STRING/BYTES lengths or vector lengths.
    public static func baseType(_ type: DataType) -> DataType {
        switch type {
        case .string: .string(nil)
        case .bytes: .bytes(nil)
        case .array(let element, _): .array(baseType(element), vectorLength: nil)
        default: type
        }
    }

    /// STRING <-> BYTES and length changes, also inside ARRAY.
    public static func isInPlaceTypeChange(from old: DataType, to new: DataType) -> Bool {
        switch (old, new) {
        case (.string, .string), (.bytes, .bytes), (.string, .bytes), (.bytes, .string): true
        case (.array(let a, let la), .array(let b, let lb)): la == lb && isInPlaceTypeChange(from: a, to: b) && a != b
        default: false
        }
    }

    /// Options with `changes` applied: a NULL value removes an option.
    func merged(_ base: OptionList?, _ changes: OptionList) -> OptionList? {
        var entries = base?.entries ?? []
        for change in changes.entries {
            entries.removeAll { $0.name.matches(change.name) }
            if change.value.text != "NULL" { entries.append(change) }
        }
        return entries.isEmpty ? nil : OptionList(entries)
    }
}
