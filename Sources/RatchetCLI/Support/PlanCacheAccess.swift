import PlanCache
import RatchetCore
import SpannerDDL
import SpannerSchema

/// The project's plan cache, as commands use it: the library's recorder, its warnings printed.
enum PlanCacheAccess {
    /// The recorder of `config`'s cache, or nil when there is no config.
    static func recorder(_ config: ProjectConfig?) -> PlanCacheRecorder? {
        guard let config else { return nil }
        return PlanCacheRecorder(config: config, warn: { Console.warning($0) })
    }

    /// The cache of `config`, or nil when it is off or cannot be opened (after a warning).
    static func store(_ config: ProjectConfig?) -> PlanStore? {
        recorder(config)?.store()
    }

    /// Stores a plan; returns its id, or nil (after a warning) when it could not be stored.
    @discardableResult
    static func record(_ plan: CachedPlan, config: ProjectConfig?, announce: Bool = false) -> Int64? {
        guard let id = recorder(config)?.record(plan) else { return nil }
        if announce { Console.error("Recorded as plan \(id) in the plan cache (`ratchet plans show \(id)`, `ratchet review \(id) --html FILE`).") }
        return id
    }

    /// Keeps a snapshot of a database's schema (canonical DDL) for offline work.
    static func snapshot(ddl: String, config: ProjectConfig, database url: DatabaseURL? = nil) {
        recorder(config)?.snapshot(ddl: ddl, database: (url ?? config.database).description)
    }

    /// Records a reflected live schema (canonical DDL) of `url`, inside a project only.
    static func snapshot(_ schema: Schema, of url: DatabaseURL, config: ProjectConfig?) {
        guard let config = config ?? optionalConfig(nil) else { return }
        recorder(config)?.snapshot(schema, database: url.description)
    }

    /// The project config if there is one here, without complaining when there is none.
    static func optionalConfig(_ options: ProjectOptions?) -> ProjectConfig? {
        if let options, let config = try? options.loadConfig() { return config }
        return try? ProjectConfig.load(path: nil)
    }
}
