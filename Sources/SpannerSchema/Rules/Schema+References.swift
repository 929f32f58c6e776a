import SpannerDDL

// MARK: - References in DDL match the defined name's case exactly

/// Spanner keeps names unique case-insensitively, but a name that one statement uses to refer to
/// an object defined by another (`ALTER TABLE t`, `INTERLEAVE IN PARENT p`, `PRIMARY KEY (k)`,
/// `REFERENCES t (c)`, index columns, `DROP INDEX i`) must be spelled with the defined case:
/// with table `Singers`, `DROP TABLE singers` fails with "Table not found". Expressions (checks,
/// generated columns, defaults, view and function bodies) resolve case-insensitively.
extension Schema {
    /// The table named exactly `name` (a synonym counts), or the error Spanner gives.
    func referencedTable(_ name: ObjectName, as role: String = "table") throws(SchemaError) -> Table {
        let key = NameKey(name)
        if let table = tables[key] {
            guard table.name.spelledExactly(name) else { throw .caseMismatch(role, name, defined: table.name.description) }
            return table
        }
        if let owner = synonymOwners[key], let table = tables[owner] {
            guard let synonym = table.synonyms.first(where: { NameKey($0) == key }), synonym.name == name.base.name, name.parts.count == 1 else {
                throw .caseMismatch(role, name, defined: table.synonyms.first { NameKey($0) == key }?.name ?? "")
            }
            return table
        }
        throw .unknown(role, name)
    }

    /// Whether an object stored under `name`'s key was defined with exactly that spelling.
    func checkSpelling(_ name: ObjectName, defined: ObjectName, kind: String) throws(SchemaError) {
        guard defined.spelledExactly(name) else { throw .caseMismatch(kind, name, defined: defined.description) }
    }
}

extension Table {
    /// The column named exactly `name`, or the error Spanner gives for `context`.
    func referencedColumn(_ name: Identifier, context: String) throws(SchemaError) -> ColumnDefinition {
        guard let column = column(name) else { throw .unknownColumn(name, in: self.name, context: context) }
        guard column.name.name == name.name else {
            throw SchemaError(kind: .unknownColumn, message: "\(context): table \(self.name) has no column \(name); the column is \(column.name), and DDL references match a name's case exactly")
        }
        return column
    }
}

extension ObjectName {
    /// Equal part by part, case included.
    public func spelledExactly(_ other: ObjectName) -> Bool {
        parts.count == other.parts.count && zip(parts, other.parts).allSatisfy { $0.name == $1.name }
    }
}

extension SchemaError {
    static func caseMismatch(_ kind: String, _ name: CustomStringConvertible, defined: String) -> SchemaError {
        SchemaError(kind: .unknownObject, message: "\(kind) \(name) does not exist; it is defined as \(defined), and DDL references match a name's case exactly")
    }
}
