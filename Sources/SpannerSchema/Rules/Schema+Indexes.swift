import SpannerDDL

// MARK: - Indexes

extension Schema {
    mutating func createIndex(_ index: Index, ifNotExists: Bool, limits: SchemaLimits) throws(SchemaError) {
        if ifNotExists && indexes[NameKey(index.name)] != nil { return }
        try checkNameIsFree(index.name, kind: "index", limits: limits)
        if index.name.parts.count > 1 || index.table.parts.count > 1 {
            let indexSchema = index.name.parts.count > 1 ? NameKey(index.name.parts[0]) : nil
            let tableSchema = index.table.parts.count > 1 ? NameKey(index.table.parts[0]) : nil
            guard indexSchema == tableSchema else {
                throw SchemaError(kind: .invalidIndex, message: "index \(index.name) must be in the same schema as its table \(index.table)")
            }
        }
        guard NameKey(index.name) != NameKey(Identifier("PRIMARY_KEY")) else {
            throw SchemaError(kind: .duplicateName, message: "PRIMARY_KEY is reserved for the primary key's index; choose another index name")
        }
        let table = try referencedTable(index.table)
        guard indexes.count < limits.indexesPerDatabase else { throw .limit("a database holds at most \(limits.indexesPerDatabase) indexes") }
        guard (indexNamesByTable[NameKey(table.name)]?.count ?? 0) < limits.indexesPerTable else {
            throw .limit("table \(table.name) already has \(limits.indexesPerTable) indexes, the most a table can have")
        }
        let label = "index \(index.name)"
        for column in index.referencedColumns { _ = try table.referencedColumn(column, context: label) }
        switch index {
        case .standard(let i):
            try validatePlacementOptions(i.options, on: label)
            try checkDistinct(i.keys.map(\.column), label: "\(label) keys")
            guard i.keys.count <= limits.keyColumns else { throw .limit("\(label) has \(i.keys.count) key columns; at most \(limits.keyColumns)") }
            for part in i.keys {
                let type = table.column(part.column)!.type
                guard isAllowedKeyType(type) else {
                    throw SchemaError(kind: .invalidIndex, message: "\(label): column \(part.column) has a type that cannot be an index key")
                }
            }
            for column in i.storing {
                if i.keys.contains(where: { $0.column.matches(column) }) || table.isKeyColumn(column) {
                    throw SchemaError(kind: .invalidIndex, message: "\(label): \(column) is a key column and is stored already; remove it from \(dialect == .postgreSQL ? "INCLUDE" : "STORING")")
                }
            }
            try checkDistinct(i.storing, label: "\(label) STORING")
            if let parent = i.interleaveIn { try checkIndexInterleave(label: label, table: table, parent: parent, keys: i.keys, nullFiltered: i.nullFiltered) }
        case .search(let i):
            try validateSearchIndexOptions(i.options, name: i.name)
            for column in i.columns where table.column(column)!.type != .tokenList {
                throw SchemaError(kind: .invalidIndex, message: "\(label): \(column) is not a TOKENLIST column; search indexes index TOKENLIST columns")
            }
            try checkDistinct(i.columns, label: "\(label) columns")
            if let parent = i.interleaveIn {
                try checkIndexInterleave(label: label, table: table, parent: parent, keys: i.partitionBy.map { KeyPart(column: $0) }, nullFiltered: false)
            }
            let filtered = Self.notNullFilteredColumns(i.filter)
            for part in i.orderBy {
                guard let column = table.column(part.column), column.type == .int64 else {
                    throw SchemaError(kind: .invalidIndex, message: "\(label): ORDER BY column \(part.column) must be INT64")
                }
                guard column.notNull || filtered.contains(where: { $0.matches(column.name) }) else {
                    throw SchemaError(kind: .invalidIndex, message: "\(label): ORDER BY column \(part.column) may be NULL; make it NOT NULL or add WHERE \(part.column) IS NOT NULL")
                }
            }
            // Its logical key: the table's key, PARTITION BY, ORDER BY, the token and (unless
            // disabled) a UID column.
            let uid = i.options?["disable_automatic_uid_column"]?.boolLiteral == true ? 0 : 1
            let keyCount = table.primaryKey.count + i.partitionBy.count + i.orderBy.count + 1 + uid
            guard keyCount <= limits.keyColumns else {
                throw .limit("\(label) has \(keyCount) key columns (the table's key, PARTITION BY, ORDER BY, token and UID); at most \(limits.keyColumns)")
            }
        case .vector(let i):
            guard i.columns.count == 1, case .array(let element, let length)? = table.column(i.columns[0])?.type,
                element == .float32 || element == .float64, length != nil
            else {
                throw SchemaError(kind: .invalidIndex, message: "\(label): a vector index needs one ARRAY<FLOAT32|FLOAT64>(vector_length=>n) column")
            }
            if let length, length > 8000 {
                throw SchemaError(kind: .invalidIndex, message: "\(label): vector_length \(length) of \(i.columns[0]) is over the 8,000 a vector index allows")
            }
            try validateVectorIndexOptions(i.options, name: i.name)
            for column in i.storing where i.columns.contains(where: { $0.matches(column) }) {
                throw SchemaError(kind: .invalidIndex, message: "\(label) stores \(column), which is its indexed column already")
            }
            let filtered = Self.notNullFilteredColumns(i.filter)
            for column in filtered where table.column(column) == nil {
                throw .unknownColumn(column, in: table.name, context: label)
            }
            if let key = table.column(i.columns[0]), !key.notNull, !filtered.contains(where: { $0.matches(key.name) }) {
                throw SchemaError(kind: .invalidIndex, message: "\(label): \(key.name) may be NULL; add WHERE \(key.name) IS NOT NULL")
            }
        }
        indexes[NameKey(index.name)] = index
        indexNamesByTable[NameKey(table.name), default: []].insert(NameKey(index.name))
    }

    private func checkDistinct(_ columns: [Identifier], label: String) throws(SchemaError) {
        var seen = Set<NameKey>()
        for column in columns where !seen.insert(NameKey(column)).inserted {
            throw SchemaError(kind: .invalidIndex, message: "\(label) name \(column) twice")
        }
    }

    /// An index interleaved in a table must lead with keys that match that table's key columns
    /// in order, sort order, type and length. The table need not be an ancestor of the indexed
    /// table (a "remote" interleaved index), and the index's key names may differ.
    private func checkIndexInterleave(label: String, table: Table, parent: ObjectName, keys: [KeyPart], nullFiltered: Bool) throws(SchemaError) {
        let parentTable = try referencedTable(parent)
        do {
            try checkInterleavedKey(
                object: label, parent: parentTable, keys: keys.map { ($0, table.column($0.column)) },
                namesMustMatch: false, childMayBeNotNull: true, ignoreNullability: nullFiltered)
        } catch {
            throw SchemaError(kind: .invalidIndex, message: error.message)
        }
    }

    mutating func alterIndex(_ alter: AlterIndex) throws(SchemaError) {
        let key = NameKey(alter.name)
        guard var index = indexes[key] else { throw .unknown(alter.kind.rawValue.lowercased(), alter.name) }
        try checkSpelling(alter.name, defined: index.name, kind: alter.kind.rawValue.lowercased())
        guard let table = self.table(index.table) else { throw .unknown("table", index.table) }
        let label = "index \(index.name)"
        switch alter.action {
        case .addStoredColumn(let column):
            guard table.column(column) != nil else { throw .unknownColumn(column, in: table.name, context: label) }
            let covered =
                index.storing.contains { $0.matches(column) }
                || { if case .standard(let i) = index { i.keys.contains { $0.column.matches(column) } || table.isKeyColumn(column) } else { false } }()
            guard !covered else { throw SchemaError(kind: .invalidIndex, message: "\(label) already covers \(column)") }
            index.storing.append(column)
        case .dropStoredColumn(let column):
            guard let position = index.storing.firstIndex(where: { $0.matches(column) }) else {
                throw SchemaError(kind: .invalidIndex, message: "\(label) does not store \(column)")
            }
            index.storing.remove(at: position)
        case .addColumn(let column):
            guard case .search(var i) = index else { throw .disallowed("only a search index can add an indexed column; \(label) is not one") }
            guard table.column(column)?.type == .tokenList else { throw SchemaError(kind: .invalidIndex, message: "\(label): \(column) is not a TOKENLIST column of \(table.name)") }
            i.columns.append(column)
            index = .search(i)
        case .dropColumn(let column):
            guard case .search(var i) = index else { throw .disallowed("only a search index can drop an indexed column; \(label) is not one") }
            guard let position = i.columns.firstIndex(where: { $0.matches(column) }), i.columns.count > 1 else {
                throw SchemaError(kind: .invalidIndex, message: "\(label): \(column) is not an indexed column, or is the last one")
            }
            i.columns.remove(at: position)
            index = .search(i)
        case .setOptions(let options):
            index.options = merged(index.options, options)
        }
        indexes[key] = index
    }
}

extension Schema {
    /// The columns a `WHERE a IS NOT NULL AND b IS NOT NULL` filter names.
    static func notNullFilteredColumns(_ filter: Expression?) -> [Identifier] {
        guard let filter else { return [] }
        let identifiers = filter.referencedIdentifiers
        return identifiers.filter { !["IS", "NOT", "NULL", "AND"].contains($0.name.uppercased()) }
    }
}
