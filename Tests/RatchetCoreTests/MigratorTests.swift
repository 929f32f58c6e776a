import Foundation
import RatchetCore
import SpannerClient
import SpannerDDL
import SpannerSchema
import SpannerTestServer
import Synchronization
import Testing

/// The library entry point, without the command line: every guarantee holds for whoever calls
/// it, on both targets.
@Suite("Migrator (the library entry point, both targets)")
struct MigratorTests {
    enum Kind: String, CaseIterable, Sendable { case sandbox, live }

    /// A fresh project with the four revisions of the live runner tests, and a target of `kind`.
    struct Fixture {
        let project: Project
        let directory: URL
        let server: SpannerTestServer?
        let live: LiveDatabase?

        func target() throws -> any MigrationTarget {
            if let live { return LiveTarget(project: project, database: live) }
            return try SandboxTarget(project: project, create: true)
        }

        func migrator(owner: String, policy: MigrationPolicy = MigrationPolicy(), events: @escaping @Sendable (MigrationEvent) -> Void = { _ in }) throws -> Migrator {
            Migrator(project: project, target: try target(), policy: policy, owner: owner, events: events)
        }

        func tearDown() async {
            await live?.close()
            await server?.stop()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static func fixture(_ kind: Kind) async throws -> Fixture {
        let (project, directory) = try LiveTargetTests().project()
        guard kind == .live else { return Fixture(project: project, directory: directory, server: nil, live: nil) }
        let (server, live) = try await LiveTargetTests().start()
        return Fixture(project: project, directory: directory, server: server, live: live)
    }

    @Test("a second migration while one holds the lock is refused, naming the holder; nothing of it runs", arguments: Kind.allCases)
    func lockRefuses(_ kind: Kind) async throws {
        let fixture = try await Self.fixture(kind)
        let first = try fixture.migrator(owner: "first@test pid 1")
        let second = try fixture.migrator(owner: "second@test pid 2")
        let refusal: RatchetError? = try await first.withLock { _ throws(RatchetError) -> RatchetError? in
            do throws(RatchetError) {
                _ = try await second.migrate(.upgrade, to: .head)
                return nil
            } catch {
                return error
            }
        }
        let error = try #require(refusal, "the second migration ran while the first held the lock")
        #expect(error.kind == .lockHeld)
        #expect(error.message.contains("first@test pid 1"), "\(error.message)")
        #expect(try await second.status().applied.isEmpty, "nothing of the refused run was applied")
        // Released: the second runs now.
        let report = try await second.migrate(.upgrade, to: .head)
        #expect(report.outcome.failure == nil)
        #expect(try await second.status().heads == ["dddd04"])
        await fixture.tearDown()
    }

    @Test("concurrent migrations through the library wait for the lock in turn: each revision is applied once", arguments: Kind.allCases)
    func concurrentRuns(_ kind: Kind) async throws {
        let fixture = try await Self.fixture(kind)
        let migrators = try (0..<4).map { try fixture.migrator(owner: "runner-\($0)@test pid \($0 + 10)", policy: MigrationPolicy(lockTimeout: 60)) }
        let reports = try await withThrowingTaskGroup(of: MigrationReport.self) { group in
            for migrator in migrators { group.addTask { try await migrator.migrate(.upgrade, to: .head) } }
            var reports: [MigrationReport] = []
            for try await report in group { reports.append(report) }
            return reports
        }
        #expect(reports.allSatisfy { $0.outcome.failure == nil })
        #expect(reports.filter { !$0.isEmpty }.count == 1, "one run applied the revisions; the others found nothing to do")
        let applied = try await migrators[0].history().filter { $0.state == .applied && $0.direction == .upgrade }.map(\.revision)
        #expect(applied.sorted() == ["aaaa01", "bbbb02", "cccc03", "dddd04"], "each revision recorded applied once: \(applied)")
        await fixture.tearDown()
    }

    @Test("an applied revision edited since stops the run with the file and both checksums, before any drift check", arguments: Kind.allCases)
    func editedRevision(_ kind: Kind) async throws {
        let fixture = try await Self.fixture(kind)
        _ = try await fixture.migrator(owner: "a@test pid 1").migrate(.upgrade, to: .head)
        let file = fixture.project.revision("aaaa01").file
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "Name STRING(100)", with: "Name STRING(200)").write(toFile: file, atomically: true, encoding: .utf8)
        let edited = try Project(config: fixture.project.config)
        let migrator = Migrator(project: edited, target: kind == .live ? LiveTarget(project: edited, database: fixture.live!) : try SandboxTarget(project: edited, create: true))
        await #expect { try await migrator.migrate(.upgrade, to: .head) } throws: { error in
            guard let error = error as? RatchetError else { return false }
            return error.kind == .editedRevision && error.location == file && error.details.contains { $0.contains("applied checksum") } && error.details.contains { $0.contains("file checksum") }
        }
        // Accepted, the edit is a warning; what it changed is then drift, refused on its own.
        let warnings = WarningLog()
        var accepting = migrator
        accepting.policy = MigrationPolicy(allowEdited: true)
        accepting.events = { if case .warning(let text) = $0 { warnings.append(text) } }
        await #expect { try await accepting.migrate(.upgrade, to: .head) } throws: { error in
            (error as? RatchetError)?.message.contains("drift") == true
        }
        #expect(warnings.lines.contains { $0.contains("edited after it was applied") && $0.contains("--allow-edited") })
        accepting.policy = MigrationPolicy(allowEdited: true, ignoreDrift: true)
        #expect(try await accepting.migrate(.upgrade, to: .head).isEmpty)
        await fixture.tearDown()
    }

    @Test("a downgrade that loses data needs the flag, whatever the target; the refusal names the statement", arguments: Kind.allCases)
    func dataLoss(_ kind: Kind) async throws {
        let fixture = try await Self.fixture(kind)
        let migrator = try fixture.migrator(owner: "a@test pid 1")
        _ = try await migrator.migrate(.upgrade, to: .head)
        await #expect { try await migrator.migrate(.downgrade, to: .base) } throws: { error in
            guard let error = error as? RatchetError else { return false }
            return error.kind == .needsFlag && error.location?.contains("dddd04") == true
        }
        #expect(try await migrator.status().heads == ["dddd04"], "nothing was reverted")
        var allowed = migrator
        allowed.policy = MigrationPolicy(allowDestructive: true)
        let report = try await allowed.migrate(.downgrade, to: .base)
        #expect(report.outcome.completed == ["dddd04", "cccc03", "bbbb02", "aaaa01"])
        #expect(try await migrator.status().heads.isEmpty)
        await fixture.tearDown()
    }

    @Test("the README's library example runs as written (here on the sandbox the project names)")
    func readmeExample() async throws {
        let fixture = try await Self.fixture(.sandbox)
        let project = try Project(config: ProjectConfig.load(path: fixture.directory.appendingPathComponent("ratchet.toml").path))
        let migrator = Migrator(
            project: project, target: try LiveConnection.target(project, create: true, accessTokenCommand: nil),
            policy: MigrationPolicy(lockTimeout: 60))
        let report = try await migrator.closing { try await migrator.migrate(.upgrade, to: .head) }
        #expect(report.outcome.completed == ["aaaa01", "bbbb02", "cccc03", "dddd04"])
        await fixture.tearDown()
    }

    @Test("a holder that died on this host is taken over at once, and said so")
    func deadHolder() async throws {
        let fixture = try await Self.fixture(.sandbox)
        // A pid that cannot exist on this host.
        let dead = "ghost@\(ProcessInfo.processInfo.hostName) pid 2147483646"
        let sandbox = try SandboxTarget(project: fixture.project, create: true)
        #expect(try await sandbox.acquireLock(owner: dead, lease: 600, replacing: nil) == .taken)
        let events = WarningLog()
        let migrator = try fixture.migrator(owner: "b@test pid 2", events: { if case .tookOverLock(let from) = $0 { events.append(from) } })
        #expect(try await migrator.migrate(.upgrade, to: .head).outcome.failure == nil)
        #expect(events.lines == [dead])
        await fixture.tearDown()
    }
}

/// Lines heard from a migrator's events, across tasks.
final class WarningLog: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ line: String) { storage.withLock { $0.append(line) } }
    var lines: [String] { storage.withLock { $0 } }
}
