import SpannerDDL
import SpannerSchema

/// What a hand-written statement costs Spanner, given the schema it applies to: the same cost
/// classes the planner gives its own statements, for migrations written by people.
public enum CostClassifier {
    public static func classify(_ statement: Statement, in schema: Schema) -> (cost: CostClass, reason: String) {
        switch statement {
        case .createIndex, .createSearchIndex, .createVectorIndex:
            return (.backfill, "builds the index from the existing rows")
        case .alterIndex(let alter):
            if case .addStoredColumn = alter.action { return (.backfill, "writes the stored column into every index entry") }
            return (.instant, "index changed")
        case .alterTable(let alter):
            return classify(alter, in: schema)
        case .drop(let drop):
            switch drop.kind {
            case .table: return (.destructive, "drops the table and all of its rows")
            case .sequence: return (.destructive, "drops the sequence and its counter")
            default: return (.instant, "drops an object that holds no rows")
            }
        case .dml:
            return (.backfill, "DML runs outside DDL batches")
        case .createTable:
            return (.instant, "creates a table")
        case .createView:
            return (.instant, "creates or replaces a view")
        case .createChangeStream, .alterChangeStream:
            return (.instant, "change stream metadata")
        default:
            return (.instant, "schema metadata")
        }
    }

    private static func classify(_ alter: AlterTable, in schema: Schema) -> (cost: CostClass, reason: String) {
        switch alter.action {
        case .dropColumn: return (.destructive, "drops the column and its data")
        case .addColumn(let column, _):
            if case .generated(_, true)? = column.generation { return (.backfill, "computes the stored column for every row") }
            return (.instant, "adds a column")
        case .addConstraint: return (.validating, "validates every existing row")
        case .alterColumn(let name, let action) where action.restatesColumn:
            guard let current = schema.table(alter.name)?.column(name), let definition = action.restatement(of: current) else {
                return (.instant, "column changed")
            }
            if definition.notNull && !current.notNull { return (.validating, "adding NOT NULL validates that no row holds NULL") }
            if case .bytes = current.type, case .string = definition.type { return (.validating, "BYTES to STRING validates every value") }
            if definition.type.lengthLimit < current.type.lengthLimit { return (.validating, "shrinking the length validates every value") }
            return (.instant, "column changed in place")
        case .alterColumn(_, .setOptions(let options)):
            if options["allow_commit_timestamp"]?.text == "TRUE" { return (.validating, "enabling commit timestamps validates existing values") }
            return (.instant, "column options changed")
        default:
            return (.instant, "table metadata")
        }
    }
}
