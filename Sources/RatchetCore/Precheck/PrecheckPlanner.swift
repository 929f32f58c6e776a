import SpannerDDL
import SpannerSchema

/// Which statements of a run get a pre-check, and their queries.
public enum PrecheckPlanner {
    /// The pre-checks of `run` against a database whose schema is `before`, in statement
    /// order, and the validating statements left unchecked with the reason.
    ///
    /// A statement is checked only when everything it reads exists before the run and no DML
    /// of the run comes before it: otherwise the rows it will meet are not the rows there now
    /// (a backfill in the same run is the usual case), and a count would mislead.
    public static func prechecks(for run: MigrationRun, before: Schema) -> (checks: [Precheck], unchecked: [String]) {
        var checks: [Precheck] = []
        var unchecked: [String] = []
        var sawDML = false
        var sized: Set<String> = []
        for step in run.steps {
            if step.isDML {
                sawDML = true
                continue
            }
            guard step.planned.cost == .validating || step.planned.cost == .backfill else { continue }
            let made = queries(step.planned.statement, before: before)
            guard !made.isEmpty else { continue }
            if sawDML {
                unchecked.append("\(step.location): not pre-checked: DML earlier in the run changes the rows it will meet")
                continue
            }
            for var check in made {
                if check.kind == .tableSize {
                    guard sized.insert(check.table.lowercased()).inserted else { continue }
                }
                check.statement = String(step.planned.sql.split(separator: "\n").first ?? "")
                check.location = step.location
                check.revision = step.revision
                checks.append(check)
            }
        }
        return (checks, unchecked)
    }

    /// The queries for one statement, given the schema before the run; empty when it reads
    /// something the database does not have yet.
    static func queries(_ statement: Statement, before schema: Schema) -> [Precheck] {
        // Names in the queries are spelled in the database's dialect.
        func q(_ name: ObjectName) -> String { name.spelled(in: schema.dialect) }
        func q(_ name: Identifier) -> String { name.spelled(in: schema.dialect) }
        func make(_ kind: Precheck.Kind, _ subject: String, _ table: Table, where condition: String) -> Precheck {
            let name = q(table.name)
            let keys = table.primaryKey.map { q($0.column) }.joined(separator: ", ")
            return Precheck(
                kind: kind, subject: subject, table: name, countSQL: "SELECT COUNT(*) AS violations FROM \(name) WHERE \(condition)",
                sampleSQL: "SELECT \(keys) FROM \(name) WHERE \(condition) LIMIT 3", statement: "")
        }
        func size(_ table: Table) -> Precheck {
            Precheck(kind: .tableSize, subject: "rows in \(table.name)", table: table.name.description, countSQL: "SELECT COUNT(*) AS violations FROM \(q(table.name))", statement: "")
        }
        switch statement {
        case .alterTable(let alter):
            guard let table = schema.table(alter.name) else { return [] }
            switch alter.action {
            // PostgreSQL's TYPE and SET NOT NULL are checked as the restatement they amount to.
            case .alterColumn(let name, let action) where action.restatesColumn:
                guard let column = table.column(name), let definition = action.restatement(of: column) else { return [] }
                var result = [size(table)]
                if definition.notNull && !column.notNull {
                    result.append(make(.notNull, "NULLs in \(table.name).\(column.name) (NOT NULL)", table, where: "\(q(column.name)) IS NULL"))
                }
                switch (column.type, definition.type) {
                case (.string, .string(.count(let n)?)) where definition.type.lengthLimit < column.type.lengthLimit:
                    result.append(make(.length, "values of \(table.name).\(column.name) longer than \(n) characters", table, where: "CHAR_LENGTH(\(q(column.name))) > \(n)"))
                case (.bytes, .bytes(.count(let n)?)) where definition.type.lengthLimit < column.type.lengthLimit:
                    result.append(make(.length, "values of \(table.name).\(column.name) longer than \(n) bytes", table, where: "\(schema.dialect == .postgreSQL ? "OCTET_LENGTH" : "BYTE_LENGTH")(\(q(column.name))) > \(n)"))
                default: break
                }
                return result
            case .addConstraint(.check(let check)):
                let names = Set(check.expression.referencedIdentifiers.map { $0.name.lowercased() })
                guard names.allSatisfy({ name in table.columns.contains { $0.name.name.lowercased() == name } || Self.isKeyword(name) }) else { return [] }
                return [size(table), make(.check, "rows of \(table.name) failing CHECK \(check.name.map(\.description) ?? "(\(check.expression))")", table, where: "NOT (\(check.expression))")]
            case .addConstraint(.foreignKey(let key)):
                guard key.enforced != false, let parent = schema.table(key.referencedTable), key.columns.allSatisfy({ table.column($0) != nil }),
                    key.referencedColumns.allSatisfy({ parent.column($0) != nil })
                else { return [] }
                let present = key.columns.map { "c.\(q($0)) IS NOT NULL" }.joined(separator: " AND ")
                let join = zip(key.referencedColumns, key.columns).map { "p.\(q($0)) = c.\(q($1))" }.joined(separator: " AND ")
                let condition = "\(present) AND NOT EXISTS (SELECT 1 FROM \(q(parent.name)) AS p WHERE \(join))"
                let keys = table.primaryKey.map { "c.\(q($0.column))" }.joined(separator: ", ")
                return [
                    size(table),
                    Precheck(
                        kind: .foreignKey, subject: "rows of \(table.name) with no \(parent.name) row (foreign key \(key.name.map(\.description) ?? ""))", table: table.name.description,
                        countSQL: "SELECT COUNT(*) AS violations FROM \(q(table.name)) AS c WHERE \(condition)",
                        sampleSQL: "SELECT \(keys) FROM \(q(table.name)) AS c WHERE \(condition) LIMIT 3", statement: ""),
                ]
            default:
                return []
            }
        case .createIndex(let index):
            guard let table = schema.table(index.table), index.keys.allSatisfy({ table.column($0.column) != nil }) else { return [] }
            guard index.unique else { return [size(table)] }
            let columns = index.keys.map { q($0.column) }.joined(separator: ", ")
            var filters = index.nullFiltered ? index.keys.map { "\(q($0.column)) IS NOT NULL" } : []
            if let filter = index.filter { filters.append("(\(filter))") }
            let whereClause = filters.isEmpty ? "" : " WHERE " + filters.joined(separator: " AND ")
            let groups = "SELECT \(columns) FROM \(q(table.name))\(whereClause) GROUP BY \(columns) HAVING COUNT(*) > 1"
            return [
                size(table),
                Precheck(
                    kind: .unique, subject: "duplicate keys (\(columns)) in \(table.name) for unique index \(index.name)", table: table.name.description,
                    countSQL: "SELECT COUNT(*) AS violations FROM (\(groups)) AS duplicates", sampleSQL: groups + " LIMIT 3", statement: ""),
            ]
        case .createSearchIndex(let index):
            return schema.table(index.table).map { [size($0)] } ?? []
        case .createVectorIndex(let index):
            return schema.table(index.table).map { [size($0)] } ?? []
        default:
            return []
        }
    }

    static func isKeyword(_ name: String) -> Bool {
        ["and", "or", "not", "null", "is", "true", "false", "in", "like", "between"].contains(name)
    }
}
