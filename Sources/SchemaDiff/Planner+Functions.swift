import SpannerDDL
import SpannerSchema

// MARK: - User-defined functions

extension Planner {
    /// Functions removed from the declared schema, dropped after the views and columns that call
    /// them; those that read tables before the tables are dropped, the others after.
    mutating func planFunctionDrops(readingTables: Bool) {
        let removed = old.functions.values.filter { function in
            let readsTables = !(function.body?.references.relations.isEmpty ?? true)
            return readsTables == readingTables && new.functions[NameKey(function.name)] == nil
        }
        // Callers before callees, so no drop leaves a caller without its function.
        for function in Schema.functionOrder(removed.sorted { NameKey($0.name) < NameKey($1.name) }).reversed() {
            drop(.drop(Drop(kind: .function, name: function.name)), .instant, "function removed from the declared schema", "function \(function.name)")
        }
    }

    /// New and changed functions. Those that read no table come before the tables (whose
    /// column expressions may call them); the others after the tables, before the views.
    mutating func planFunctions(readingTables: Bool) {
        let changed = new.functions.values.filter { function in
            let readsTables = !(function.body?.references.relations.isEmpty ?? true)
            guard readsTables == readingTables else { return false }
            guard let current = old.functions[NameKey(function.name)] else { return true }
            return Self.canonical(current) != Self.canonical(function)
        }
        for function in Schema.functionOrder(changed.sorted { NameKey($0.name) < NameKey($1.name) }) {
            let exists = old.functions[NameKey(function.name)] != nil
            var statement = function
            statement.orReplace = exists
            create(.createFunction(statement), .instant, exists ? "function changed" : "function added to the declared schema", "function \(function.name)")
        }
    }

    /// A function's DDL without `OR REPLACE`, for comparison.
    static func canonical(_ function: CreateFunction) -> String {
        var plain = function
        plain.orReplace = false
        return DDLPrinter.sql(.createFunction(plain))
    }
}
