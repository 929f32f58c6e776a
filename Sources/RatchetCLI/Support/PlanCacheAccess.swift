import PlanCache
import RatchetCore
import SpannerDDL
import SpannerSchema

/// The project's plan cache, as commands use it: every failure is a warning, never a failed
/// command, because the cache holds history, not migration state.
enum PlanCacheAccess {
    /// The cache of `config`, or nil when it is off or cannot be opened (after a warning).
    static func store(_ config: ProjectConfig?) -> PlanStore? {
        guard let config, !config.cacheFile.isEmpty else { return nil }
        do {
            let (store, warnings) = try PlanStore.open(path: config.cacheFile)
            for warning in warnings { Console.error("warning: \(warning)") }
            return store
        } catch {
            Console.error("warning: the plan cache is not available (\(error.message)); the plan is not recorded")
            return nil
        }
    }

    /// Stores a plan; returns its id, or nil (after a warning) when it could not be stored.
    @discardableResult
    static func record(_ plan: CachedPlan, config: ProjectConfig?, announce: Bool = false) -> Int64? {
        guard let store = store(config) else { return nil }
        do {
            let id = try store.save(plan)
            if announce { Console.error("Recorded as plan \(id) in the plan cache (`ratchet plans show \(id)`, `ratchet review \(id) --html FILE`).") }
            return id
        } catch {
            Console.error("warning: the plan was not recorded in the plan cache: \(error.message)")
            return nil
        }
    }

    /// Keeps a snapshot of a database's schema (canonical DDL) for offline work.
    static func snapshot(ddl: String, config: ProjectConfig, database url: DatabaseURL? = nil) {
        guard let store = store(config) else { return }
        do {
            let database = (url ?? config.database).description
            let hash = RevisionFile.sha256(ddl)
            // Unchanged since the last snapshot: nothing new to keep.
            if try store.latestSnapshot(of: database)?.hash == hash { return }
            try store.save(SchemaSnapshot(database: database, ddl: ddl, hash: hash))
        } catch {
            Console.error("warning: the schema snapshot was not recorded in the plan cache: \(error.message)")
        }
    }

    /// Records a reflected live schema (canonical DDL) of `url`, inside a project only.
    static func snapshot(_ schema: Schema, of url: DatabaseURL, config: ProjectConfig?) {
        guard let config = config ?? optionalConfig(nil) else { return }
        snapshot(ddl: DDLPrinter.format(schema.statements), config: config, database: url)
    }

    /// The project config if there is one here, without complaining when there is none.
    static func optionalConfig(_ options: ProjectOptions?) -> ProjectConfig? {
        if let options, let config = try? options.loadConfig() { return config }
        return try? ProjectConfig.load(path: nil)
    }
}
