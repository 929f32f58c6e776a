import SpannerDDL

/// Groups ordered statements into UpdateDatabaseDdl batches by Spanner's rules.
///
/// A batch holds at most `maximumSlowStatements` validating or backfilling statements; DML runs
/// on its own, so it ends the batch before it and the one it is in. An index created in the
/// same batch as its table needs no backfill, so it is costed as instant there.
public struct Batcher: Sendable {
    public var maximumSlowStatements: Int

    public init(maximumSlowStatements: Int = 10) {
        self.maximumSlowStatements = maximumSlowStatements
    }

    public func batch(_ statements: [PlannedStatement]) -> [PlannedStatement] {
        var result = statements
        var batch = 0
        var slow = 0
        var count = 0
        var tablesCreatedInBatch = Set<String>()
        for i in result.indices {
            let isDML = result[i].statement.isDML
            if isDML && count > 0 {
                batch += 1
                slow = 0
                count = 0
                tablesCreatedInBatch = []
            }
            // An index on a table created earlier in this batch is built with the table: no backfill.
            if result[i].cost == .backfill, let table = Self.indexedTable(result[i].statement), tablesCreatedInBatch.contains(table) {
                result[i].cost = .instant
                result[i].reason = "built with its table, created in the same batch: no backfill"
            }
            // Likewise a stored generated column added to a table created earlier in this batch:
            // the table has no rows to compute it for.
            if result[i].cost == .backfill, case .alterTable(let alter) = result[i].statement, case .addColumn = alter.action,
                tablesCreatedInBatch.contains(NameKeyText.key(alter.name))
            {
                result[i].cost = .instant
                result[i].reason = "added to a table created in the same batch, which has no rows yet: no backfill"
            }
            let isSlow = result[i].cost == .validating || result[i].cost == .backfill
            if isSlow && slow == maximumSlowStatements {
                batch += 1
                slow = 0
                count = 0
                tablesCreatedInBatch = []
            }
            result[i].batch = batch
            count += 1
            if isSlow { slow += 1 }
            if case .createTable(let table) = result[i].statement { tablesCreatedInBatch.insert(NameKeyText.key(table.name)) }
            if isDML {
                batch += 1
                slow = 0
                count = 0
                tablesCreatedInBatch = []
            }
        }
        return result
    }

    private static func indexedTable(_ statement: Statement) -> String? {
        switch statement {
        case .createIndex(let index): NameKeyText.key(index.table)
        case .createSearchIndex(let index): NameKeyText.key(index.table)
        case .createVectorIndex(let index): NameKeyText.key(index.table)
        default: nil
        }
    }
}

/// Case-insensitive name text, without depending on the schema model.
enum NameKeyText {
    static func key(_ name: ObjectName) -> String { name.parts.map { $0.name.uppercased() }.joined(separator: ".") }
}
