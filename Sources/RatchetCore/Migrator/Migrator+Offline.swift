import SpannerSchema

/// Where an offline `--sql` preview starts.
public enum PreviewStart: Sendable {
    /// An empty database.
    case base
    /// The database at a revision target (`START` of `START:END`).
    case revisions(RevisionTarget)
    /// Every revision applied: where a live database offline is assumed to be for a downgrade.
    case heads
    /// A target's own state, read through its migrator.
    case status(TargetStatus, schema: Schema)
}

extension Migrator {
    /// The run an offline `--sql` preview prints, planned and validated like every run (the
    /// same `plan`), with the schema it starts from.
    public static func preview(
        _ project: Project, _ direction: RevisionBody.Direction, from start: PreviewStart, to goal: RevisionTarget
    ) throws(RatchetError) -> (run: MigrationRun, before: Schema) {
        let applied: Set<String>, schema: Schema
        var skipping: [String: Int] = [:]
        switch start {
        case .base:
            (applied, schema) = ([], Schema(dialect: project.config.dialect))
        case .revisions(let target):
            applied = target == .base ? [] : project.graph.ancestors(of: try project.graph.goals(of: target))
            schema = try MigrationRun.replay(project, applied: applied)
        case .heads:
            applied = project.graph.ancestors(of: project.graph.heads)
            schema = try MigrationRun.replay(project, applied: applied)
        case .status(let status, let stored):
            (applied, schema) = (status.applied, stored)
            skipping = Self.skipping(status, direction)
        }
        return (try plan(project, direction, from: applied, schema: schema, to: goal, skipping: skipping), schema)
    }

    /// Records an offline preview in the plan cache. Separate from `preview` so that a caller
    /// can record while it prints: for long histories they take about as long.
    public static func recordPreview(_ run: MigrationRun, project: Project, before: Schema, recorder: PlanCacheRecorder?) {
        recorder?.record(PlanRecord.run(run, project: project, mode: .sql, before: before))
    }

    /// The target's state for an offline preview: edited applied revisions are refused (or
    /// warned of) as a run would, and nothing is locked or written.
    public func previewStart() async throws(RatchetError) -> PreviewStart {
        let status = try await status()
        try refuseEdited(status)
        return .status(status, schema: try await schema(status))
    }
}
