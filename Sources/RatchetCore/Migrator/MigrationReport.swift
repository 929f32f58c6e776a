import SpannerSchema

/// What `Migrator.migrate` did: the validated run, how it went, and the schema it started
/// from.
public struct MigrationReport: Sendable {
    public var run: MigrationRun
    public var outcome: MigrationOutcome
    /// The database's schema when the run began.
    public var before: Schema
    /// The heads before and after (after: where a run that succeeded leaves the database).
    public var headsBefore: [String]
    public var headsAfter: [String]

    /// Whether there was nothing to run.
    public var isEmpty: Bool { run.path.isEmpty }
}
