import SpannerClient
import SchemaDiff
import SpannerDDL

/// `upgrade --sql` and `downgrade --sql`: the run as SQL a DBA can apply by hand, batch by
/// batch, with the version-table statements between batches.
public enum OfflineSQL {
    public static func render(_ run: MigrationRun, project: Project, from start: String, to end: String, tables: VersionTables) -> String {
        let graph = project.graph
        let direction = run.path.direction
        var out = "-- Ratchet \(direction.rawValue) \(start) -> \(end): \(run.path.revisions.count) revision\(run.path.revisions.count == 1 ? "" : "s"), "
        out += "\(run.steps.count) statement\(run.steps.count == 1 ? "" : "s"), \(run.batchCount) DDL batch\(run.batchCount == 1 ? "" : "es")\n"
        out += "-- Each batch is one UpdateDatabaseDdl operation: send its statements together, in order.\n"
        out += "-- Statements marked DESTRUCTIVE lose data.\n"
        for warning in run.warnings { out += "-- warning: \(warning)\n" }
        for finding in run.configuredFindings(project) {
            out += "-- lint \(finding.severity.rawValue) [\(finding.rule.id)] \(finding.location.map { "\($0): " } ?? "")\(finding.message)"
            out += finding.acknowledged.map { " (acknowledged: \($0))" } ?? ""
            out += "\n"
        }
        out += "\n-- Version tables (created when missing)\n"
        for statement in tables.createStatements { out += statement + ";\n\n" }

        let completing = run.completingBatch
        let ordinals = run.batchOrdinals
        var statementCounts: [String: Int] = [:]
        for step in run.steps { statementCounts[step.revision, default: 0] += 1 }
        var currentBatch = -1
        var inDML = false
        // Revisions in the order they complete (stable in path order), settled with a cursor:
        // each is visited once, so long histories render in linear time.
        let completionOrder = run.path.revisions.enumerated().sorted { (completing[$0.element]!, $0.offset) < (completing[$1.element]!, $1.offset) }.map(\.element)
        var cursor = 0
        var applied = run.path.before
        var heads = Set(graph.heads(of: applied))
        func settle(upTo batch: Int) {
            while cursor < completionOrder.count, completing[completionOrder[cursor]]! <= batch {
                let id = completionOrder[cursor]
                cursor += 1
                // The heads change only around `id`: it and its parents (upgrades apply a
                // revision after its parents and before its children; downgrades the reverse).
                let before = heads
                let parents = graph.revisions[id]?.parents ?? []
                if direction == .upgrade {
                    applied.insert(id)
                    for parent in parents { heads.remove(parent) }
                    if !(graph.children[id] ?? []).contains(where: applied.contains) { heads.insert(id) }
                } else {
                    applied.remove(id)
                    heads.remove(id)
                    for parent in parents where applied.contains(parent) && !(graph.children[parent] ?? []).contains(where: applied.contains) {
                        heads.insert(parent)
                    }
                }
                out += versionStatements(
                    for: id, run: run, count: statementCounts[id] ?? 0, tables: tables,
                    removedHeads: graph.sorted(before.subtracting(heads)), addedHeads: graph.sorted(heads.subtracting(before)))
            }
        }
        for step in run.steps {
            if step.isDML {
                settle(upTo: currentBatch)
                let partitioned = step.planned.partitionedDML
                out += "\n-- DML of revision \(step.revision) (\(step.location)); runs on its own\(partitioned ? " as partitioned DML" : ""), outside any DDL batch\n"
                if partitioned { out += "-- ratchet:partitioned-dml\n" }
                out += step.planned.sql + ";\n"
                inDML = true
                continue
            }
            if step.planned.batch != currentBatch || inDML {
                if currentBatch >= 0 { settle(upTo: currentBatch) }
                currentBatch = step.planned.batch
                inDML = false
                let members = run.steps.filter { !$0.isDML && $0.planned.batch == currentBatch }
                let slow = members.filter { $0.planned.cost == .validating || $0.planned.cost == .backfill }.count
                out += "\n-- Batch \(ordinals[currentBatch]!) of \(run.batchCount): \(members.count) statement\(members.count == 1 ? "" : "s")\(slow > 0 ? ", \(slow) validating or backfilling" : "")\n"
            }
            let revision = project.revision(step.revision)
            let marker = step.planned.cost == .destructive ? "DESTRUCTIVE" : step.planned.cost.rawValue
            out += "-- \(marker): \(step.planned.reason) [revision \(step.revision) \"\(revision.message)\", \(step.location)]\n"
            // For a live database, ALTER DATABASE names it, as a run would.
            if case .spanner(let projectId, let instance, let database, _) = project.config.database {
                out += LiveTarget.sql(step.planned, for: DatabasePath(project: projectId, instance: instance, database: database)) + ";\n"
            } else {
                out += step.planned.sql + ";\n"
            }
        }
        settle(upTo: Int.max)
        return out
    }

    /// The DML that records one revision as applied (or reverted) once its last batch is done.
    static func versionStatements(for id: String, run: MigrationRun, count: Int, tables: VersionTables, removedHeads: [String], addedHeads: [String]) -> String {
        let body = run.bodies[id]!
        let direction = run.path.direction
        var out = "\n-- Revision \(id) is \(direction == .upgrade ? "applied" : "reverted")\n"
        // PostgreSQL spells the functions spanner.generate_uuid() and spanner.pending_commit_timestamp().
        let (uuid, now) = tables.dialect == .postgreSQL ? ("spanner.generate_uuid()", "spanner.pending_commit_timestamp()") : ("GENERATE_UUID()", "PENDING_COMMIT_TIMESTAMP()")
        let historyColumns = tables.list(["RunId", "Step", "Revision", "Direction", "State", "StatementsApplied", "Checksum", "Who", "CommittedAt"])
        out += "INSERT INTO \(tables.spell(tables.history)) (\(historyColumns)) VALUES "
        out += "(\(uuid), 0, '\(id)', '\(direction.rawValue)', 'applied', \(count), '\(body.checksum(direction))', 'offline-sql', \(now));\n"
        if !removedHeads.isEmpty {
            out += "DELETE FROM \(tables.spell(tables.heads)) WHERE \(tables.spell("Revision")) IN (\(removedHeads.map { "'\($0)'" }.joined(separator: ", ")));\n"
        }
        for head in addedHeads {
            let checksum = run.bodies[head]?.upgradeChecksum ?? ""
            out += "INSERT INTO \(tables.spell(tables.heads)) (\(tables.list(["Revision", "UpgradeChecksum", "AppliedAt"]))) VALUES ('\(head)', '\(checksum)', \(now));\n"
        }
        return out
    }
}
