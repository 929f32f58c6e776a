import SpannerDDL

// MARK: - Tables and columns

extension Schema {
    /// Types Spanner refuses as key columns.
    static func isAllowedKeyType(_ type: DataType) -> Bool {
        switch type {
        case .array, .json, .float32, .tokenList, .struct: false
        default: true
        }
    }

    mutating func createTable(_ create: CreateTable, limits: SchemaLimits) throws(SchemaError) {
        if create.ifNotExists && table(create.name) != nil { return }
        try checkNameIsFree(create.name, kind: "table", limits: limits)
        guard tables.count < limits.tablesPerDatabase else { throw .limit("a database holds at most \(limits.tablesPerDatabase) tables") }
        let table = Table(create)
        try validateColumns(of: table, limits: limits)
        try validateKey(of: table, limits: limits)
        if let interleave = table.interleave { try validateInterleave(of: table, in: interleave, limits: limits) }
        for key in table.foreignKeys { try validateForeignKey(key, on: table) }
        try validateConstraintNames(of: table)
        if let policy = table.rowDeletionPolicy { try validateRowDeletionPolicy(policy, on: table) }
        for synonym in table.synonyms {
            if let existing = objectKind(named: ObjectName(synonym)) { throw .duplicate("synonym", synonym, existing: existing) }
        }
        store(table)
    }

    func validateColumns(of table: Table, limits: SchemaLimits) throws(SchemaError) {
        guard table.columns.count <= limits.columnsPerTable else {
            throw .limit("table \(table.name) has \(table.columns.count) columns; a table holds at most \(limits.columnsPerTable)")
        }
        var seen = Set<NameKey>()
        for column in table.columns {
            guard seen.insert(NameKey(column.name)).inserted else { throw .duplicate("column", "\(table.name).\(column.name)") }
            try validateColumnDefinition(column, in: table, limits: limits)
        }
    }

    func validateColumnDefinition(_ column: ColumnDefinition, in table: Table, limits: SchemaLimits) throws(SchemaError) {
        guard !column.name.name.isEmpty, column.name.name.utf8.count <= limits.identifierLength else {
            throw SchemaError(kind: .invalidColumn, message: "column name \(column.name) must be 1 to \(limits.identifierLength) characters")
        }
        if case .tokenList = column.type, !(column.generation.map { if case .generated = $0 { true } else { false } } ?? false) {
            throw SchemaError(kind: .invalidColumn, message: "TOKENLIST column \(table.name).\(column.name) must be generated: AS (TOKENIZE_...(...))")
        }
        if case .array(let element, let vectorLength) = column.type {
            if case .array = element { throw SchemaError(kind: .invalidColumn, message: "column \(table.name).\(column.name): arrays of arrays are not allowed") }
            if vectorLength != nil, element != .float32, element != .float64 {
                throw SchemaError(kind: .invalidColumn, message: "column \(table.name).\(column.name): vector_length needs ARRAY<FLOAT32> or ARRAY<FLOAT64>")
            }
        }
        if case .struct = column.type {
            throw SchemaError(kind: .invalidColumn, message: "column \(table.name).\(column.name): STRUCT is not a column type")
        }
        if let options = column.options, options["allow_commit_timestamp"] != nil, column.type != .timestamp {
            throw SchemaError(kind: .invalidColumn, message: "column \(table.name).\(column.name): allow_commit_timestamp needs a TIMESTAMP column")
        }
        if column.onUpdate != nil { try validateOnUpdate(column, in: table) }
        if column.placementKey {
            guard column.type == .string(.max), column.notNull, column.generation == nil else {
                throw SchemaError(kind: .invalidColumn, message: "placement key column \(table.name).\(column.name) must be STRING(MAX) NOT NULL")
            }
            if let other = table.columns.first(where: { $0.placementKey && !$0.name.matches(column.name) }) {
                throw SchemaError(kind: .invalidColumn, message: "table \(table.name) has placement key \(other.name) already; a table has one")
            }
        }
    }

    /// Spanner's rules for `ON UPDATE`: a non-key commit-timestamp column whose DEFAULT is the
    /// same expression, `PENDING_COMMIT_TIMESTAMP()` (or `_INT64()` for an INT64 column).
    func validateOnUpdate(_ column: ColumnDefinition, in table: Table) throws(SchemaError) {
        guard let onUpdate = column.onUpdate else { return }
        let name = "\(table.name).\(column.name)"
        if table.primaryKey.contains(where: { $0.column.matches(column.name) }) {
            throw SchemaError(kind: .invalidColumn, message: "\(name) is a key column and cannot have ON UPDATE")
        }
        guard case .default(let defaultExpression)? = column.generation, defaultExpression.text == onUpdate.text else {
            throw SchemaError(kind: .invalidColumn, message: "\(name): ON UPDATE needs a DEFAULT with the same expression (\(onUpdate.text))")
        }
        let function = String(onUpdate.text.uppercased().filter { $0 != " " })
        let valid = (column.type == .timestamp && function == "PENDING_COMMIT_TIMESTAMP()") || (column.type == .int64 && function == "PENDING_COMMIT_TIMESTAMP_INT64()")
        guard valid else {
            throw SchemaError(kind: .invalidColumn, message: "\(name): ON UPDATE is PENDING_COMMIT_TIMESTAMP() on a TIMESTAMP column or PENDING_COMMIT_TIMESTAMP_INT64() on an INT64 column")
        }
        if column.type == .timestamp, column.options?["allow_commit_timestamp"]?.text.uppercased() != "TRUE" {
            throw SchemaError(kind: .invalidColumn, message: "\(name): ON UPDATE needs a commit timestamp column (OPTIONS (allow_commit_timestamp = true))")
        }
    }

    func validateKey(of table: Table, limits: SchemaLimits) throws(SchemaError) {
        guard table.primaryKey.count <= limits.keyColumns else {
            throw SchemaError(kind: .invalidKey, message: "table \(table.name) has \(table.primaryKey.count) key columns; at most \(limits.keyColumns) are allowed")
        }
        var seen = Set<NameKey>()
        for part in table.primaryKey {
            guard seen.insert(NameKey(part.column)).inserted else {
                throw SchemaError(kind: .invalidKey, message: "table \(table.name) names key column \(part.column) twice")
            }
            guard let column = table.column(part.column) else { throw .unknownColumn(part.column, in: table.name, context: "PRIMARY KEY") }
            guard Self.isAllowedKeyType(column.type) else {
                throw SchemaError(kind: .invalidKey, message: "key column \(table.name).\(column.name) has a type that cannot be part of a key (ARRAY, JSON, FLOAT32, TOKENLIST)")
            }
        }
    }

    /// An interleaved table's key starts with its parent's key columns, same names, types and
    /// order; the chain is at most `interleaveDepth` tables deep.
    func validateInterleave(of table: Table, in interleave: Interleave, limits: SchemaLimits) throws(SchemaError) {
        guard let parent = self.table(interleave.parent) else { throw .unknown("parent table", interleave.parent) }
        guard NameKey(parent.name) != NameKey(table.name) else {
            throw SchemaError(kind: .invalidInterleave, message: "table \(table.name) cannot be interleaved in itself")
        }
        guard parent.primaryKey.count < table.primaryKey.count else {
            throw SchemaError(kind: .invalidInterleave, message: "table \(table.name)'s key must start with the key of its parent \(parent.name) and add at least one column")
        }
        for (i, parentPart) in parent.primaryKey.enumerated() {
            let childPart = table.primaryKey[i]
            guard childPart.column.matches(parentPart.column), childPart.descending == parentPart.descending else {
                throw SchemaError(kind: .invalidInterleave, message: "key column \(i + 1) of \(table.name) must be \(parentPart.column)\(parentPart.descending ? " DESC" : ""), as in its parent \(parent.name)")
            }
            let childType = table.column(childPart.column)?.type
            let parentType = parent.column(parentPart.column)?.type
            guard childType == parentType else {
                throw SchemaError(kind: .invalidInterleave, message: "key column \(table.name).\(childPart.column) must have the type of \(parent.name).\(parentPart.column)")
            }
        }
        let depth = interleaveDepth(of: parent) + 1
        guard depth <= limits.interleaveDepth else {
            throw .limit("table \(table.name) would be interleaved \(depth) tables deep; the limit is \(limits.interleaveDepth)")
        }
    }

    func validateForeignKey(_ key: ForeignKey, on table: Table) throws(SchemaError) {
        let referenced: Table
        if NameKey(key.referencedTable) == NameKey(table.name) {
            referenced = table
        } else {
            guard let other = self.table(key.referencedTable) else { throw .unknown("referenced table", key.referencedTable) }
            referenced = other
        }
        let label = key.name.map { "foreign key \($0)" } ?? "foreign key on \(table.name)"
        guard key.columns.count == key.referencedColumns.count, !key.columns.isEmpty else {
            throw SchemaError(kind: .invalidForeignKey, message: "\(label): \(key.columns.count) columns reference \(key.referencedColumns.count)")
        }
        for (column, target) in zip(key.columns, key.referencedColumns) {
            guard let source = table.column(column) else { throw .unknownColumn(column, in: table.name, context: label) }
            guard let destination = referenced.column(target) else { throw .unknownColumn(target, in: referenced.name, context: label) }
            guard source.type == destination.type else {
                throw SchemaError(kind: .invalidForeignKey, message: "\(label): \(table.name).\(column) and \(referenced.name).\(target) have different types")
            }
            guard Self.isAllowedKeyType(source.type) else {
                throw SchemaError(kind: .invalidForeignKey, message: "\(label): column \(table.name).\(column) has a type a foreign key cannot use")
            }
        }
    }

    /// Constraint names are unique in the database, not only in their table.
    func validateConstraintNames(of table: Table) throws(SchemaError) {
        var seen = Set<NameKey>()
        let names = table.checks.compactMap(\.name) + table.foreignKeys.compactMap(\.name)
        for name in names {
            guard seen.insert(NameKey(name)).inserted else { throw .duplicate("constraint", name) }
            if let owner = constraintOwner(named: name), owner != NameKey(table.name) {
                throw .duplicate("constraint", name, existing: "constraint on table \(tables[owner]!.name)")
            }
        }
    }

    func validateRowDeletionPolicy(_ policy: RowDeletionPolicy, on table: Table) throws(SchemaError) {
        guard let column = table.column(policy.column) else { throw .unknownColumn(policy.column, in: table.name, context: "ROW DELETION POLICY") }
        guard column.type == .timestamp else {
            throw SchemaError(kind: .invalidColumn, message: "ROW DELETION POLICY on \(table.name) needs a TIMESTAMP column; \(column.name) is not one")
        }
    }

    /// The table whose check or foreign key is named `name`, if any.
    func constraintOwner(named name: Identifier) -> NameKey? {
        constraintOwners[NameKey(name)]
    }

    // MARK: RENAME

    mutating func renameTables(_ rename: RenameTable) throws(SchemaError) {
        for pair in rename.renames {
            try renameTable(pair.from, to: pair.to, synonym: nil)
        }
    }

    mutating func renameTable(_ from: ObjectName, to: ObjectName, synonym: Identifier?) throws(SchemaError) {
        guard var table = self.table(from) else { throw .unknown("table", from) }
        if NameKey(from) != NameKey(to), let existing = objectKind(named: to) { throw .duplicate("table", to, existing: existing) }
        let dependents = viewsReferencing(table: from)
        guard dependents.isEmpty else {
            throw SchemaError(kind: .dependentObjects, message: "cannot rename table \(from): views \(dependents.joined(separator: ", ")) use it")
        }
        let oldKey = NameKey(from)
        table.name = to
        if let synonym {
            if let existing = objectKind(named: ObjectName(synonym)), NameKey(synonym) != oldKey { throw .duplicate("synonym", synonym, existing: existing) }
            table.synonyms.append(synonym)
        }
        store(table, replacing: oldKey)
        if let names = indexNamesByTable.removeValue(forKey: oldKey) { indexNamesByTable[NameKey(to)] = names }
        // Everything that names the table follows it.
        for key in Array(tables.keys) {
            if let interleave = tables[key]!.interleave, interleave.parent.matches(from) { tables[key]!.interleave!.parent = to }
            for i in tables[key]!.foreignKeys.indices where tables[key]!.foreignKeys[i].referencedTable.matches(from) {
                tables[key]!.foreignKeys[i].referencedTable = to
            }
        }
        for (key, index) in indexes where index.table.matches(from) || index.interleaveParent?.matches(from) == true {
            indexes[key] = index.renamingTable(from, to: to)
        }
        // Change streams and privileges follow the rename too; views do not (they are refused
        // above), as Spanner documents.
        for (key, stream) in changeStreams {
            guard case .tables(var watched)? = stream.watch, watched.contains(where: { $0.table.matches(from) }) else { continue }
            for i in watched.indices where watched[i].table.matches(from) { watched[i].table = to }
            changeStreams[key]!.watch = .tables(watched)
        }
        let newKey = NameKey(to)
        grants = Set(grants.map { entry in
            guard case .privilege(let action, let kind, let object, let column) = entry.subject, kind == .table, object == oldKey else { return entry }
            return GrantEntry(subject: .privilege(action, target: kind, object: newKey, column: column), grantee: entry.grantee)
        })
    }
}

extension Index {
    /// The table an index is interleaved in, if any.
    var interleaveParent: ObjectName? {
        switch self {
        case .standard(let i): i.interleaveIn
        case .search(let i): i.interleaveIn
        case .vector: nil
        }
    }

    /// The index with `from` renamed to `to` where it names the table: the indexed table, and
    /// the table it is interleaved in.
    func renamingTable(_ from: ObjectName, to name: ObjectName) -> Index {
        switch self {
        case .standard(var i):
            if i.table.matches(from) { i.table = name }
            if i.interleaveIn?.matches(from) == true { i.interleaveIn = name }
            return .standard(i)
        case .search(var i):
            if i.table.matches(from) { i.table = name }
            if i.interleaveIn?.matches(from) == true { i.interleaveIn = name }
            return .search(i)
        case .vector(var i):
            if i.table.matches(from) { i.table = name }
            return .vector(i)
        }
    }
}
