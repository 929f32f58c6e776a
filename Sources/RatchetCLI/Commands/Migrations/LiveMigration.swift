import Foundation
import Synchronization
import PlanCache
import RatchetCore
import SpannerClient
import SpannerDDL
import SpannerSchema

/// Opens the project's `spanner://` database: the emulator when the URL or
/// `SPANNER_EMULATOR_HOST` says so, otherwise production with `RATCHET_ACCESS_TOKEN`, an access
/// token command, or Application Default Credentials.
enum LiveConnection {
    static func open(_ config: ProjectConfig, accessTokenCommand: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(RatchetError) -> LiveDatabase? {
        try open(config.database, prefix: config.versionTablePrefix, accessTokenCommand: accessTokenCommand, environment: environment)
    }

    static func open(_ url: DatabaseURL, prefix: String = "ratchet_", accessTokenCommand: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(RatchetError) -> LiveDatabase? {
        guard case .spanner(let project, let instance, let database, let emulatorParameter) = url else { return nil }
        let path = DatabasePath(project: project, instance: instance, database: database)
        let client: SpannerClient
        let emulatorHost = emulatorParameter ?? emulatorAddress(environment)
        // A regional or private endpoint, or a proxy, for every API call.
        var endpoint = SpannerClient.productionURL
        if let custom = environment["RATCHET_SPANNER_ENDPOINT"], !custom.isEmpty {
            guard let parsed = URL(string: custom.hasSuffix("/") ? custom : custom + "/"), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil else {
                throw RatchetError(.config, "RATCHET_SPANNER_ENDPOINT is '\(custom)'; give a URL such as https://spanner.me-central2.rep.googleapis.com/")
            }
            endpoint = parsed
        }
        if let emulator = emulatorHost {
            client = SpannerClient.emulator(emulator)
        } else if let token = environment["RATCHET_ACCESS_TOKEN"], !token.isEmpty {
            client = SpannerClient(baseURL: endpoint, credentials: StaticToken(token, source: "RATCHET_ACCESS_TOKEN"))
        } else if let command = accessTokenCommand {
            client = SpannerClient(baseURL: endpoint, credentials: CachingTokenProvider(CommandCredentials(command: command)))
        } else {
            do {
                client = SpannerClient(baseURL: endpoint, credentials: try ApplicationDefaultCredentials.resolve(environment: environment))
            } catch {
                throw RatchetError(.config, "no credentials for \(url): \(error.message); set GOOGLE_APPLICATION_CREDENTIALS, run `gcloud auth application-default login`, or use RATCHET_ACCESS_TOKEN")
            }
        }
        return LiveDatabase(client: client, path: path, tables: VersionTables(prefix: prefix), isEmulator: emulatorHost != nil)
    }

    /// The emulator's REST address from `SPANNER_EMULATOR_HOST` (the gRPC host:port): the same
    /// host on port 9020, unless `RATCHET_EMULATOR_REST` gives `host:port` or a port.
    static func emulatorAddress(_ environment: [String: String]) -> String? {
        guard let grpc = environment["SPANNER_EMULATOR_HOST"], !grpc.isEmpty else { return nil }
        let host = grpc.split(separator: ":").first.map(String.init) ?? "localhost"
        if let rest = environment["RATCHET_EMULATOR_REST"], !rest.isEmpty {
            return rest.contains(":") ? rest : "\(host):\(rest)"
        }
        return "\(host):9020"
    }
}

/// Upgrade and downgrade against a live database: lock, checks, the exact runner, the cache.
enum LiveMigration {
    /// `user@host pid N`: enough to tell a person who holds the lock, and for a run on the same
    /// host to see that the holder died.
    static var lockOwner: String {
        "\(ProcessUser.name)@\(ProcessInfo.processInfo.hostName) pid \(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Whether `owner` is a process on this host that no longer exists.
    static func isDeadLocalProcess(_ owner: String) -> Bool {
        guard let at = owner.firstIndex(of: "@"), let pidRange = owner.range(of: " pid ") else { return false }
        let host = owner[owner.index(after: at)..<pidRange.lowerBound]
        guard host == ProcessInfo.processInfo.hostName, let pid = Int32(owner[pidRange.upperBound...]) else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    static func run(direction: RevisionBody.Direction, target: RevisionTarget, options: RunOptions, project: Project, live: LiveDatabase) async throws(RatchetError) {
        let owner = lockOwner
        let lease = 60.0
        do {
            try await live.ensureVersionTables()
        } catch {
            throw RatchetError(.sandbox, "cannot create or read the version tables in \(project.config.database): \(error)")
        }
        try await acquire(live, owner: owner, lease: lease, timeout: options.lockTimeout)
        // Renew the lease while the run lasts; the emulator aborts transactions during DDL, which
        // the client retries. A lease found in someone else's hands stops the run before its
        // next schema operation.
        let lockLost = Mutex<String?>(nil)
        let renewal = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(lease / 3 * 1_000_000_000))
                if Task.isCancelled { break }
                if (try? await live.renewLock(owner: owner, lease: lease)) == false {
                    lockLost.withLock { $0 = "the migration lock was taken over while this run held it" }
                }
            }
        }
        let runner = LiveRunner(project: project, database: live)
        let display = ProgressDisplay()
        let interrupts = InterruptHandler {
            display.finish()
            Console.error(
                "Interrupted. Nothing was cancelled on Spanner: a schema operation already sent keeps running, "
                + "and the next `ratchet upgrade` or `downgrade` settles it (waiting for it if it still runs) before "
                + "anything else. `ratchet current` shows where the database stands.")
            await InterruptHandler.bounded(seconds: 5) {
                try? await live.releaseLock(owner: owner)
                await live.close()
            }
        }
        interrupts.install()
        let startedAt = CachedPlan.now()
        let result: Result<(MigrationRun, LiveRunner.Outcome), RatchetError>
        let reflected = Mutex<Schema?>(nil)
        do {
            let value = try await runner.migrate(direction, to: target, allowEdited: options.allowEdited, warning: { Console.error("warning: \($0)") }, approve: { run, state, liveSchema throws(RatchetError) in
                reflected.withLock { $0 = liveSchema }
                try approve(run, state: state, live: liveSchema, runner: runner, options: options)
            }, progress: { event in display.report(event) }, checkpoint: { () throws(RatchetError) in
                if let reason = lockLost.withLock({ $0 }) {
                    throw RatchetError(.migration, "\(reason); stopped before the next statement. What ran is recorded; `ratchet current` shows it, and the next run resumes")
                }
            })
            result = .success(value)
        } catch {
            result = .failure(error)
        }
        interrupts.remove()
        display.finish()
        renewal.cancel()
        try? await live.releaseLock(owner: owner)
        await live.close()
        // The schema the database now has: after a run that succeeded, the reflected schema with
        // every statement applied (as the rule engine validated it); otherwise as reflected.
        if case .success(let (run, outcome)) = result, outcome.failure == nil {
            PlanCacheAccess.snapshot(run.finalSchema, of: project.config.database, config: project.config)
        } else if let schema = reflected.withLock({ $0 }) {
            PlanCacheAccess.snapshot(schema, of: project.config.database, config: project.config)
        }
        let (run, outcome) = try result.get()
        if run.path.isEmpty {
            Console.out("Nothing to do: \(project.config.database) is already at \(target).\n")
            return
        }
        var out = ""
        for id in outcome.completed { out += "\(direction == .upgrade ? "Applied" : "Reverted") \(id) \(project.revision(id).message)\n" }
        let timings = zip(outcome.batchSeconds, outcome.operationNames).enumerated().map { index, pair in
            CachedPlan.BatchTiming(batch: index, statements: index < outcome.batchStatements.count ? outcome.batchStatements[index] : 0, seconds: pair.0, operation: pair.1,
                                   statementSeconds: index < outcome.statementSeconds.count ? outcome.statementSeconds[index] : nil)
        }
        // The plan's "before" is the schema reflected from the database when the run began.
        let cached = PlanRecord.run(run, project: project, mode: .run, before: reflected.withLock({ $0 }) ?? Schema(), outcome: CachedPlan.Run(
            startedAt: startedAt, endedAt: CachedPlan.now(), outcome: outcome.failure == nil ? "succeeded" : (outcome.partial != nil ? "partial" : "failed"),
            error: outcome.failure?.description, batches: timings,
            partialState: outcome.partial.map { "revision \($0.revision): \($0.statements) statement\($0.statements == 1 ? "" : "s") applied" }))
        PlanCacheAccess.record(cached, config: project.config)
        if let failure = outcome.failure {
            Console.out(out)
            throw failure
        }
        out += "\(direction == .upgrade ? "Upgraded" : "Downgraded") \(project.config.database): \(run.steps.count) statement\(run.steps.count == 1 ? "" : "s") in \(outcome.schemaOperations) schema operation\(outcome.schemaOperations == 1 ? "" : "s").\n"
        Console.out(out)
    }

    /// `stamp` on a live database: under the lock, records `target` as applied; no DDL is sent.
    static func stamp(_ target: RevisionTarget, project: Project, live: LiveDatabase, lockTimeout: Double) async throws(RatchetError) {
        let owner = lockOwner
        do {
            try await live.ensureVersionTables()
        } catch {
            throw RatchetError(.sandbox, "cannot create or read the version tables in \(project.config.database): \(error)")
        }
        try await acquire(live, owner: owner, lease: 60, timeout: lockTimeout)
        let result: Result<[String], RatchetError>
        do { result = .success(try await LiveRunner(project: project, database: live).stamp(target)) } catch { result = .failure(error) }
        try? await live.releaseLock(owner: owner)
        await live.close()
        let heads = try result.get()
        Console.out("Stamped \(project.config.database) at \(MigrationCommandRunner.describe(heads)); no statement was run.\n")
    }

    /// `--dry-run`: the plan from the live state, printed as the SQL the run would send; no
    /// lock, no version tables, no schema change.
    static func dryRun(direction: RevisionBody.Direction, target: RevisionTarget, project: Project, live: LiveDatabase) async throws(RatchetError) {
        let runner = LiveRunner(project: project, database: live)
        let (run, state, schema) = try await live.closing { () async throws(RatchetError) in try await runner.preview(direction, to: target) }
        PlanCacheAccess.snapshot(schema, of: project.config.database, config: project.config)
        let drift = try runner.drift(state, live: schema)
        if !drift.isEmpty {
            Console.error("warning: the live schema differs from what its applied revisions produce (drift); a run would stop:")
            for step in drift.statements.prefix(20) { Console.error("  live has: \(step.sql.split(separator: "\n").first ?? "")") }
        }
        let from = state.heads.isEmpty ? "base" : state.heads.joined(separator: ",")
        Console.out(OfflineSQL.render(run, project: project, from: from, to: target.description, tables: VersionTables(prefix: project.config.versionTablePrefix)))
        PlanCacheAccess.record(PlanRecord.run(run, project: project, mode: .dryRun, before: schema), config: project.config)
    }

    private static func approve(_ run: MigrationRun, state: LiveRunner.State, live: Schema, runner: LiveRunner, options: RunOptions) throws(RatchetError) {
        let lost = run.unacknowledgedDataLoss
        if !lost.isEmpty && !options.allowDestructive {
            throw RatchetError(.needsFlag, MigrationCommandRunner.dataLossMessage(run.path.direction, lost.count), at: lost[0].location,
                               details: lost.prefix(10).map { "  \($0.location): \($0.planned.sql.split(separator: "\n").first ?? "")" })
        }
        if !options.ignoreDrift {
            let drift = try runner.drift(state, live: live)
            if !drift.isEmpty {
                throw RatchetError(.migration, "the live schema differs from what its applied revisions produce (drift); nothing was sent. Rerun with --ignore-drift to go ahead anyway",
                                   details: drift.statements.prefix(20).map { "  live has: \($0.sql.split(separator: "\n").first ?? "") (\($0.reason))" })
            }
        }
    }

    /// How long the holder has held the lock, for people: "42 s", "3 min", "2 h".
    static func age(_ holder: LiveDatabase.LockHolder, now: Date = Date()) -> String {
        guard let acquired = LiveDatabase.parseTimestamp(holder.acquired) else { return "an unknown time" }
        let seconds = max(0, Int(now.timeIntervalSince(acquired)))
        if seconds < 120 { return "\(seconds) s" }
        if seconds < 7200 { return "\(seconds / 60) min" }
        return "\(seconds / 3600) h"
    }

    private static func acquire(_ live: LiveDatabase, owner: String, lease: Double, timeout: Double) async throws(RatchetError) {
        let deadline = Date().addingTimeInterval(timeout)
        var dead: String?
        var contended = 0
        while true {
            let holder: LiveDatabase.LockHolder?
            do {
                holder = try await live.acquireLock(owner: owner, lease: lease, replacing: dead)
            } catch where (error.code == .aborted || error.code == .unavailable) && (Date() < deadline || contended < 5) {
                // Another run took (or the emulator's schema change held) the lock row at the
                // same moment: within --lock-timeout, and a few times even without one, try again.
                contended += 1
                try? await Task.sleep(nanoseconds: UInt64(min(contended, 4)) * 500_000_000)
                continue
            } catch {
                throw RatchetError(.sandbox, "cannot take the migration lock: \(error)")
            }
            guard let holder else {
                if let dead { Console.error("took over the migration lock from \(dead), which is no longer running") }
                return
            }
            if isDeadLocalProcess(holder.owner) {
                dead = holder.owner
                continue
            }
            if Date() >= deadline {
                throw RatchetError(.migration, "another run holds the migration lock: \(holder.owner), for \(age(holder)) since \(holder.acquired) (lease until \(holder.expires)); wait for it, or raise --lock-timeout")
            }
            Console.error("waiting for the migration lock held by \(holder.owner) for \(age(holder)) (since \(holder.acquired))")
            try? await Task.sleep(nanoseconds: 2_000_000_000)
        }
    }
}
