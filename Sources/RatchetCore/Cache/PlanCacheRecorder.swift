import PlanCache
import SpannerDDL
import SpannerSchema

/// The project's plan cache as runs use it: every failure is a warning, never a failed run,
/// because the cache holds history, not migration state.
public struct PlanCacheRecorder: Sendable {
    /// The cache file; empty when the cache is off.
    public let path: String
    /// Hears each warning, for a person to read.
    public let warn: @Sendable (String) -> Void

    public init(path: String, warn: @escaping @Sendable (String) -> Void) {
        self.path = path
        self.warn = warn
    }

    public init(config: ProjectConfig, warn: @escaping @Sendable (String) -> Void) {
        self.init(path: config.cacheFile, warn: warn)
    }

    /// The open cache, or nil when it is off or cannot be opened (after a warning).
    public func store() -> PlanStore? {
        guard !path.isEmpty else { return nil }
        do {
            let (store, warnings) = try PlanStore.open(path: path)
            for warning in warnings { warn(warning) }
            return store
        } catch {
            warn("the plan cache is not available (\(error.message)); the plan is not recorded")
            return nil
        }
    }

    /// Stores a plan; returns its id, or nil (after a warning) when it could not be stored.
    @discardableResult
    public func record(_ plan: CachedPlan) -> Int64? {
        guard let store = store() else { return nil }
        do {
            return try store.save(plan)
        } catch {
            warn("the plan was not recorded in the plan cache: \(error.message)")
            return nil
        }
    }

    /// Keeps a snapshot of a database's schema (canonical DDL) for offline work; nothing when it
    /// is unchanged since the last one.
    public func snapshot(ddl: String, database: String) {
        guard let store = store() else { return }
        do {
            let hash = RevisionFile.sha256(ddl)
            if try store.latestSnapshot(of: database)?.hash == hash { return }
            try store.save(SchemaSnapshot(database: database, ddl: ddl, hash: hash))
        } catch {
            warn("the schema snapshot was not recorded in the plan cache: \(error.message)")
        }
    }

    public func snapshot(_ schema: Schema, database: String) {
        snapshot(ddl: DDLPrinter.format(schema.statements, dialect: schema.dialect), database: database)
    }
}
