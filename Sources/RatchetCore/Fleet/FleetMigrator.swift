import Foundation
import PlanCache
import SpannerSchema
import Synchronization

/// Runs a project's revisions across the databases of a fleet, each member through its own
/// `Migrator` with every single-database guarantee (its lock, checksums, drift check, exact
/// resume), scheduled by a `FleetRollout`, and every admin request of the fleet under one
/// limiter per Google Cloud project (the `LiveConnection`'s).
///
/// A member's failure is its own: it is reported and counted, never thrown; what the fleet run
/// returns says how every member went.
public struct FleetMigrator: Sendable {
    public let project: Project
    public let fleet: String
    public let members: [DatabaseURL]
    public let connection: LiveConnection
    public var policy: MigrationPolicy
    public var rollout: FleetRollout
    /// Where the fleet's plan and each member's are kept; nil keeps none.
    public var recorder: PlanCacheRecorder?
    /// Who each member's lock says holds it.
    public var owner: String
    public var events: @Sendable (FleetEvent) -> Void
    private let running = RunningMembers()

    public init(
        project: Project, fleet: String, members: [DatabaseURL], connection: LiveConnection, policy: MigrationPolicy = MigrationPolicy(),
        rollout: FleetRollout = FleetRollout(), recorder: PlanCacheRecorder? = nil, owner: String = LockHolder.currentProcess,
        events: @escaping @Sendable (FleetEvent) -> Void = { _ in }
    ) {
        self.project = project
        self.fleet = fleet
        self.members = members
        self.connection = connection
        self.policy = policy
        self.rollout = rollout
        self.recorder = recorder
        self.owner = owner
        self.events = events
    }

    /// The migrator of one member.
    public func migrator(for url: DatabaseURL) throws(RatchetError) -> Migrator {
        let member = project.on(url)
        guard let database = try connection.open(url, prefix: project.config.versionTablePrefix, dialect: project.config.dialect) else {
            throw RatchetError(.config, "a fleet's members are spanner:// databases, not \(url)")
        }
        let events = self.events
        return Migrator(
            project: member, target: LiveTarget(project: member, database: database), policy: policy, owner: owner, recorder: recorder,
            events: { events(.member(url, $0)) })
    }

    // MARK: - Runs

    /// Upgrades or downgrades every member to `goal`, canaries first.
    public func migrate(_ direction: RevisionBody.Direction, to goal: RevisionTarget) async -> FleetReport {
        let startedAt = CachedPlan.now()
        let sample = Mutex<(run: MigrationRun, before: Schema)?>(nil)
        let report = await schedule { url, migrator throws(RatchetError) in
            let report = try await migrator.migrate(direction, to: goal)
            var result = FleetMemberResult(database: url, outcome: .completed)
            result.headsBefore = report.headsBefore
            result.headsAfter = report.headsAfter
            if report.isEmpty {
                result.outcome = .upToDate
                return result
            }
            // The longest run any member made stands for the fleet's plan in the cache.
            sample.withLock { kept in
                if kept.map({ $0.run.steps.count < report.run.steps.count }) ?? true { kept = (report.run, report.before) }
            }
            result.revisions = report.outcome.completed
            result.schemaOperations = report.outcome.schemaOperations
            if let failure = report.outcome.failure {
                result.error = failure
                result.statements = report.outcome.completed.reduce(0) { $0 + (report.run.bodies[$1]?.steps(direction).count ?? 0) } + (report.outcome.partial?.statements ?? 0)
                result.outcome = result.statements > 0 ? .partial : .failed
            } else {
                result.statements = report.run.steps.count
            }
            return result
        }
        record(report, direction: direction, sample: sample.withLock { $0 }, startedAt: startedAt)
        return report
    }

    /// Records `goal` on every member without running anything.
    public func stamp(_ goal: RevisionTarget) async -> FleetReport {
        await schedule { url, migrator throws(RatchetError) in
            var result = FleetMemberResult(database: url, outcome: .completed)
            result.headsBefore = try await migrator.status().heads
            result.headsAfter = try await migrator.stamp(goal)
            return result
        }
    }

    /// Where every member stands: heads, pending and part-way revisions, edited ones, drift.
    /// A member that cannot be read is reported as such, not thrown.
    public func status() async -> [FleetMemberStatus] {
        let members = self.members, project = self.project
        let rollout = FleetRollout(parallel: self.rollout.parallel)
        let outcome = await rollout.run(count: members.count) { index in
            let url = members[index]
            var status = FleetMemberStatus(database: url)
            do throws(RatchetError) {
                let migrator = try self.migrator(for: url)
                try await migrator.closing { () async throws(RatchetError) in
                    let state = try await migrator.status()
                    status.heads = state.heads
                    status.pending = project.graph.order.filter { !state.applied.contains($0) }
                    status.partial = state.partial.keys.sorted()
                    status.edited = try migrator.editedRevisions(state).map(\.revision)
                    let schema = try await migrator.schema(state)
                    status.drift = try migrator.drift(state, schema: schema).statements.map { String($0.sql.split(separator: "\n").first ?? "") }
                }
            } catch {
                status.error = error
            }
            return status
        }
        return outcome.results.enumerated().map { index, status in status ?? FleetMemberStatus(database: members[index]) }
    }

    /// What `migrate` would do on every member, read without the lock and changing nothing:
    /// the plan's size, drift, and pre-checks that would stop it.
    public func preview(_ direction: RevisionBody.Direction, to goal: RevisionTarget) async -> [FleetMemberPreview] {
        let members = self.members
        let outcome = await FleetRollout(parallel: rollout.parallel).run(count: members.count) { index in
            var preview = FleetMemberPreview(database: members[index])
            do throws(RatchetError) {
                let migrator = try self.migrator(for: members[index])
                let result = try await migrator.closing { () async throws(RatchetError) in try await migrator.preview(direction, to: goal) }
                preview.heads = result.status.heads
                preview.statements = result.run.steps.count
                preview.schemaOperations = result.run.batchCount
                preview.drift = result.drift.statements.count
                preview.failingPrechecks = result.prechecks.filter(\.fails)
            } catch {
                preview.error = error
            }
            return preview
        }
        return outcome.results.enumerated().map { index, preview in preview ?? FleetMemberPreview(database: members[index]) }
    }

    /// Releases the locks of the members running now: for a process being interrupted.
    public func releaseLocks() async {
        for migrator in running.all { await migrator.releaseLock() }
    }

    // MARK: - Scheduling

    /// Runs `body` for every member under the rollout, turning what it throws into the
    /// member's failure, and timing it.
    private func schedule(_ body: @escaping @Sendable (DatabaseURL, Migrator) async throws(RatchetError) -> FleetMemberResult) async -> FleetReport {
        let clock = ContinuousClock.now
        let members = self.members, events = self.events, running = self.running
        let failed: @Sendable (FleetMemberResult) -> Bool = { $0.outcome.isFailure }
        let outcome = await rollout.run(count: members.count, failed: failed) { index in
            let url = members[index]
            events(.started(url))
            let started = ContinuousClock.now
            var result: FleetMemberResult
            do throws(RatchetError) {
                let migrator = try self.migrator(for: url)
                running.add(url, migrator)
                result = try await migrator.closing { () async throws(RatchetError) in try await body(url, migrator) }
            } catch {
                result = FleetMemberResult(database: url, outcome: .failed)
                result.error = error
            }
            running.remove(url)
            result.seconds = Self.seconds(since: started)
            events(.finished(result))
            return result
        }
        let results = outcome.results.enumerated().map { index, result in result ?? FleetMemberResult(database: members[index], outcome: .notStarted) }
        return FleetReport(fleet: fleet, members: results, stopReason: outcome.stopReason, seconds: Self.seconds(since: clock))
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    // MARK: - The plan cache

    /// Records the fleet run as one plan: a member's statements for review, and the table of
    /// members with how each went.
    func record(_ report: FleetReport, direction: RevisionBody.Direction, sample: (run: MigrationRun, before: Schema)?, startedAt: String) {
        guard let recorder else { return }
        var plan: CachedPlan
        if let sample {
            plan = PlanRecord.run(sample.run, project: project, mode: .run, before: sample.before)
        } else {
            plan = CachedPlan(kind: direction == .upgrade ? .upgrade : .downgrade, mode: .run, database: "", environment: project.config.environment, statements: [])
        }
        plan.database = "fleet:\(fleet)"
        plan.fleet = CachedPlan.Fleet(name: fleet, members: report.members.map(\.cached), stopReason: report.stopReason)
        let failed = report.members.filter { $0.outcome.isFailure || $0.outcome == .notStarted }.count
        let moved = report.members.contains { $0.outcome == .completed || $0.outcome == .partial }
        plan.run = CachedPlan.Run(
            startedAt: startedAt, endedAt: CachedPlan.now(), outcome: failed == 0 ? .succeeded : (moved ? .partial : .failed),
            error: failed == 0 ? nil : "\(failed) of \(report.members.count) members did not reach the target" + (report.stopReason.map { "; \($0)" } ?? ""),
            partialState: nil)
        recorder.record(plan)
    }
}

/// The migrators of the members running now, so that an interrupt can release their locks.
private final class RunningMembers: Sendable {
    private let migrators = Mutex<[String: Migrator]>([:])
    func add(_ url: DatabaseURL, _ migrator: Migrator) { migrators.withLock { $0[url.description] = migrator } }
    func remove(_ url: DatabaseURL) { _ = migrators.withLock { $0.removeValue(forKey: url.description) } }
    var all: [Migrator] { migrators.withLock { Array($0.values) } }
}
