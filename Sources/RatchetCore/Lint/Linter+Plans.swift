import SchemaDiff
import SpannerSchema

extension Linter {
    /// The findings of a plan not yet written to a revision (`lint --declared`, `diff`,
    /// autogenerate): its statements checked in order from `schema`.
    public static func findings(of plan: Plan, from schema: Schema) -> [LintFinding] {
        var linter = Linter()
        var current = schema
        for statement in plan.statements {
            linter.check(statement.statement, sql: statement.sql, cost: statement.cost, in: current, origin: Origin())
            if !statement.statement.isDML { try? current.apply(statement.statement) }
        }
        return linter.finish(final: current)
    }
}
