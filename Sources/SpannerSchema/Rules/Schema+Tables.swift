import SpannerDDL

// MARK: - Tables and columns

extension Schema {
    /// Types Spanner refuses as key columns (of a table, an index or a foreign key). In the
    /// PostgreSQL dialect `numeric` (PG.NUMERIC) is refused too, as `jsonb` is in both.
    func isAllowedKeyType(_ type: DataType) -> Bool {
        switch type {
        case .array, .json, .float32, .tokenList, .struct: false
        case .numeric: dialect != .postgreSQL
        default: true
        }
    }

    /// The types `isAllowedKeyType` refuses, for messages.
    var refusedKeyTypes: String { dialect == .postgreSQL ? "arrays, jsonb, real, numeric, spanner.tokenlist" : "ARRAY, JSON, FLOAT32, TOKENLIST" }

    mutating func createTable(_ create: CreateTable, limits: SchemaLimits) throws(SchemaError) {
        if create.ifNotExists && table(create.name) != nil { return }
        try checkNameIsFree(create.name, kind: "table", limits: limits)
        guard tables.count < limits.tablesPerDatabase else { throw .limit("a database holds at most \(limits.tablesPerDatabase) tables") }
        let table = Table(create)
        try validatePlacementOptions(table.options, on: "table \(table.name)")
        try validateColumns(of: table, limits: limits)
        try validateKey(of: table, limits: limits)
        if let interleave = table.interleave { try validateInterleave(of: table, in: interleave, limits: limits) }
        for key in table.foreignKeys { try validateForeignKey(key, on: table) }
        try validateConstraintNames(of: table)
        for check in table.checks { try validateCheck(check, on: table) }
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
        try Self.checkObjectName(column.name.name, kind: "column")
        try Self.checkLength(column.type, of: "column \(table.name).\(column.name)")
        try checkProtoType(column.type, of: "column \(table.name).\(column.name)")
        if case .interval = column.type {
            throw SchemaError(kind: .invalidColumn, message: "column \(table.name).\(column.name): INTERVAL is not a column type")
        }
        if case .array(.interval, _) = column.type {
            throw SchemaError(kind: .invalidColumn, message: "column \(table.name).\(column.name): INTERVAL is not a column type")
        }
        if case .tokenList = column.type, !column.hidden {
            throw SchemaError(kind: .invalidColumn, message: "TOKENLIST column \(table.name).\(column.name) must be HIDDEN")
        }
        let expressionSequences = column.generation.flatMap(Self.expression)?.references.sequences ?? []
        for sequence in expressionSequences where sequences[NameKey(sequence)] == nil {
            throw .unknown("sequence", sequence)
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
        try validateColumnOptions(column.options, on: "column \(table.name).\(column.name)")
        switch column.generation {
        case .identity(let clauses)?:
            if let clauses { try Self.checkSequenceClauses(clauses, of: "identity column \(table.name).\(column.name)") }
            guard clauses?.kind != nil || hasDefaultSequenceKind else {
                throw .option("identity column \(table.name).\(column.name) needs a kind, GENERATED BY DEFAULT AS IDENTITY (BIT_REVERSED_POSITIVE), or the database option default_sequence_kind")
            }
        case .autoIncrement?:
            guard hasDefaultSequenceKind else {
                throw .option("AUTO_INCREMENT column \(table.name).\(column.name) needs the database option default_sequence_kind")
            }
        default:
            break
        }
        if case .array(_, _?) = column.type, let generation = column.generation, Self.expression(generation) != nil {
            throw SchemaError(kind: .invalidColumn, message: "column \(table.name).\(column.name): vector_length is not allowed on a generated column or a column with a DEFAULT")
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
            let column = try table.referencedColumn(part.column, context: "PRIMARY KEY")
            guard isAllowedKeyType(column.type) else {
                throw SchemaError(kind: .invalidKey, message: "key column \(table.name).\(column.name) has a type that cannot be part of a key (\(refusedKeyTypes))")
            }
        }
    }

    /// An interleaved table's key starts with its parent's key columns, same names, types and
    /// order; the chain is at most `interleaveDepth` tables deep.
    func validateInterleave(of table: Table, in interleave: Interleave, limits: SchemaLimits) throws(SchemaError) {
        let parent = try referencedTable(interleave.parent, as: "parent table")
        guard NameKey(parent.name) != NameKey(table.name) else {
            throw SchemaError(kind: .invalidInterleave, message: "table \(table.name) cannot be interleaved in itself")
        }
        if !interleave.inParent, interleave.onDelete != nil {
            throw SchemaError(kind: .invalidInterleave, message: "table \(table.name) is interleaved IN \(parent.name), not IN PARENT; ON DELETE applies only to INTERLEAVE IN PARENT")
        }
        try checkInterleavedKey(
            object: "table \(table.name)", parent: parent,
            keys: table.primaryKey.map { ($0, table.column($0.column)) }, namesMustMatch: true, childMayBeNotNull: false)
        let depth = interleaveDepth(of: parent) + 1
        guard depth <= limits.interleaveDepth else {
            throw .limit("table \(table.name) would be interleaved \(depth) tables deep; the limit is \(limits.interleaveDepth)")
        }
        if interleave.inParent, interleave.onDelete != .cascade, let holder = ancestorWithRowDeletionPolicy(from: parent) {
            throw SchemaError(kind: .invalidInterleave, message: "table \(table.name) must be interleaved ON DELETE CASCADE: its ancestor \(holder.name) has a row deletion policy, which deletes child rows too")
        }
    }

    /// Checks a key that must start with `parent`'s key: one column per parent key column, in
    /// order, with its sort order, type, length and nullability. A table's key columns must
    /// also carry the parent's names, spelled exactly; an index's may differ. A NOT NULL index
    /// key may stand for a nullable parent column; a null-filtered index ignores nullability.
    func checkInterleavedKey(
        object: String, parent: Table, keys: [(KeyPart, ColumnDefinition?)], namesMustMatch: Bool,
        childMayBeNotNull: Bool, ignoreNullability: Bool = false
    ) throws(SchemaError) {
        for (i, parentPart) in parent.primaryKey.enumerated() {
            guard i < keys.count, let childColumn = keys[i].1 else {
                throw SchemaError(kind: .invalidInterleave, message: "\(object) must include \(parent.name)'s key column \(parentPart.column) in its key, at position \(i + 1)")
            }
            let childPart = keys[i].0
            if namesMustMatch, childPart.column.name != parentPart.column.name {
                if let position = keys.firstIndex(where: { $0.0.column.name == parentPart.column.name }) {
                    throw SchemaError(kind: .invalidInterleave, message: "\(object) has \(parent.name)'s key column \(parentPart.column) at position \(position + 1) of its key; it must be at position \(i + 1)")
                }
                throw SchemaError(kind: .invalidInterleave, message: "\(object) must have \(parent.name)'s key column \(parentPart.column) (spelled exactly so) at position \(i + 1) of its key")
            }
            guard childPart.descending == parentPart.descending else {
                throw SchemaError(kind: .invalidInterleave, message: "\(object): key column \(childPart.column) must be \(parentPart.descending ? "DESC" : "ASC"), as \(parent.name).\(parentPart.column) is")
            }
            guard let parentColumn = parent.column(parentPart.column), parentColumn.type == childColumn.type else {
                throw SchemaError(kind: .invalidInterleave, message: "\(object): key column \(childPart.column) must have the type of \(parent.name).\(parentPart.column)")
            }
            if ignoreNullability { continue }
            if parentColumn.notNull != childColumn.notNull, !(childMayBeNotNull && childColumn.notNull) {
                throw SchemaError(kind: .invalidInterleave, message: "\(object): key column \(childPart.column) must be \(parentColumn.notNull ? "NOT NULL" : "nullable"), as \(parent.name).\(parentPart.column) is")
            }
        }
    }

    /// The nearest table from `table` up whose rows a row deletion policy removes, following
    /// only IN PARENT links (whose deletes reach the children).
    func ancestorWithRowDeletionPolicy(from table: Table) -> Table? {
        var current: Table? = table
        var hops = 0
        while let t = current, hops < 16 {
            if t.rowDeletionPolicy != nil { return t }
            guard let link = t.interleave, link.inParent else { return nil }
            current = self.table(link.parent)
            hops += 1
        }
        return nil
    }

    /// Descendants linked IN PARENT without ON DELETE CASCADE, which a row deletion policy on
    /// `table` would break.
    func descendantsBlockingRowDeletion(of table: Table) -> [Table] {
        var found: [Table] = []
        var stack = children(of: table.name).filter { $0.interleave?.inParent == true }
        while let child = stack.popLast() {
            if child.interleave?.onDelete != .cascade {
                found.append(child)
                continue
            }
            stack += children(of: child.name).filter { $0.interleave?.inParent == true }
        }
        return found
    }

    func validateForeignKey(_ key: ForeignKey, on table: Table) throws(SchemaError) {
        if key.enforced == false, key.onDelete == .cascade {
            throw SchemaError(kind: .invalidForeignKey, message: "foreign key \(key.name.map(\.description) ?? "on \(table.name)") is NOT ENFORCED, so it cannot ON DELETE CASCADE")
        }
        let referenced: Table
        if NameKey(key.referencedTable) == NameKey(table.name) {
            referenced = table
        } else {
            let other = try referencedTable(key.referencedTable, as: "referenced table")
            referenced = other
        }
        let label = key.name.map { "foreign key \($0)" } ?? "foreign key on \(table.name)"
        guard key.columns.count == key.referencedColumns.count, !key.columns.isEmpty else {
            throw SchemaError(kind: .invalidForeignKey, message: "\(label): \(key.columns.count) columns reference \(key.referencedColumns.count)")
        }
        for (column, target) in zip(key.columns, key.referencedColumns) {
            let source = try table.referencedColumn(column, context: label)
            let destination = try referenced.referencedColumn(target, context: label)
            guard source.type == destination.type else {
                throw SchemaError(kind: .invalidForeignKey, message: "\(label): \(table.name).\(column) and \(referenced.name).\(target) have different types")
            }
            guard isAllowedKeyType(source.type) else {
                throw SchemaError(kind: .invalidForeignKey, message: "\(label): column \(table.name).\(column) has a type a foreign key cannot use")
            }
        }
    }

    /// Constraint names are unique in the database, not only in their table.
    func validateConstraintNames(of table: Table) throws(SchemaError) {
        var seen = Set<NameKey>()
        let names = table.checks.compactMap(\.name) + table.foreignKeys.compactMap(\.name)
        for name in names {
            try Self.checkObjectName(name.name, kind: "constraint")
            for prefix in ["PK_", "CK_IS_NOT_NULL_"] where name.name.uppercased().hasPrefix(prefix) {
                throw SchemaError(kind: .invalidColumn, message: "constraint name \(name) begins with \(prefix), which Spanner reserves for names it generates")
            }
            guard seen.insert(NameKey(name)).inserted else { throw .duplicate("constraint", name) }
            if let owner = constraintOwner(named: name), owner != NameKey(table.name) {
                throw .duplicate("constraint", name, existing: "constraint on table \(tables[owner]!.name)")
            }
        }
    }

    /// A CHECK reads only columns of its table.
    func validateCheck(_ check: CheckConstraint, on table: Table) throws(SchemaError) {
        for name in check.expression.columnReferences where table.column(name) == nil {
            throw .unknownColumn(name, in: table.name, context: "check constraint \(check.name.map(\.description) ?? "(unnamed)")")
        }
    }

    func validateRowDeletionPolicy(_ policy: RowDeletionPolicy, on table: Table) throws(SchemaError) {
        guard let column = table.column(policy.column) else { throw .unknownColumn(policy.column, in: table.name, context: "ROW DELETION POLICY") }
        if let blocker = descendantsBlockingRowDeletion(of: table).first {
            throw SchemaError(kind: .invalidInterleave, message: "table \(table.name) cannot have a row deletion policy: \(blocker.name) is interleaved in it with ON DELETE NO ACTION; set ON DELETE CASCADE first")
        }
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
        var table = try referencedTable(from)
        // A name differing only in case is taken too: Spanner adds the new name before it lets
        // go of the old one.
        if let existing = objectKind(named: to) { throw .duplicate("table", to, existing: existing) }
        let dependents = viewsReferencing(table: from).map { "view \($0)" } + bodiesReading(from).filter { $0.hasPrefix("function ") }
        guard dependents.isEmpty else {
            throw SchemaError(kind: .dependentObjects, message: "cannot rename table \(from): \(dependents.joined(separator: ", ")) use\(dependents.count == 1 ? "s" : "") it; drop \(dependents.count == 1 ? "it" : "them") first")
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
        // The lookup tables keyed by the old name follow it.
        if let children = interleavedChildren.removeValue(forKey: oldKey) { interleavedChildren[newKey, default: []].formUnion(children) }
        if let referencing = referencingTables.removeValue(forKey: oldKey) { referencingTables[newKey, default: []].formUnion(referencing) }
        grants = Set(
            grants.map { entry in
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

// MARK: - Column types

extension Schema {
    static let maxStringLength: Int64 = 2_621_440
    static let maxBytesLength: Int64 = 10_485_760

    /// STRING holds at most 2,621,440 characters and BYTES 10,485,760 bytes.
    static func checkLength(_ type: DataType, of what: @autoclosure () -> String) throws(SchemaError) {
        switch type {
        case .string(.count(let n)?) where n > maxStringLength:
            throw SchemaError(kind: .invalidColumn, message: "\(what()): STRING(\(n)) is longer than the \(maxStringLength) a STRING can hold; use STRING(MAX)")
        case .bytes(.count(let n)?) where n > maxBytesLength:
            throw SchemaError(kind: .invalidColumn, message: "\(what()): BYTES(\(n)) is longer than the \(maxBytesLength) a BYTES can hold; use BYTES(MAX)")
        case .array(let element, _):
            try checkLength(element, of: what())
        default:
            return
        }
    }

    /// The expression of a DEFAULT or generated column.
    static func expression(_ generation: ColumnGeneration) -> Expression? {
        switch generation {
        case .default(let e), .generated(let e, _): e
        default: nil
        }
    }
}

extension Schema {
    /// A PROTO or ENUM column names a type of the database's proto bundle.
    func checkProtoType(_ type: DataType, of what: @autoclosure () -> String) throws(SchemaError) {
        switch type {
        case .named(let name):
            let key = NameKey(name)
            guard let bundle = protoTypes, bundle.contains(where: { NameKey($0) == key }) else {
                throw SchemaError(kind: .invalidColumn, message: "\(what()): \(name) is not a type of the proto bundle; add it with CREATE or ALTER PROTO BUNDLE first")
            }
        case .array(let element, _):
            try checkProtoType(element, of: what())
        case .struct(let fields):
            for field in fields { try checkProtoType(field.type, of: what()) }
        default:
            return
        }
    }
}
