import Foundation
import PlanCache
import Testing

@Suite("Plan store")
struct PlanStoreTests {
    final class Directory {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("ratchet-cache-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    static func sample(_ kind: CachedPlan.Kind, _ mode: CachedPlan.Mode) -> CachedPlan {
        var plan = CachedPlan(
            kind: kind, mode: mode, database: "spanner://projects/p/instances/i/databases/d", environment: "prod",
            fromHeads: ["a1"], toHeads: ["b2"],
            statements: [
                .init(sql: "CREATE TABLE T (\n  Id INT64 NOT NULL,\n) PRIMARY KEY(Id)", batch: 0, cost: "instant", reason: "creates a table", object: "revision b2", revision: "b2", location: "versions/b2.sql:7:1"),
                .init(sql: "UPDATE T SET Id = Id WHERE TRUE", batch: -1, cost: "backfill", reason: "DML", object: "revision b2", partitionedDML: true),
                .init(sql: "ALTER TABLE U DROP COLUMN X", batch: 1, cost: "destructive", reason: "drops \"X\" <and> its data", object: "column U.X"),
            ],
            warnings: ["a warning with <html> & \"quotes\""],
            schemaBefore: "CREATE TABLE U (\n  X INT64,\n) PRIMARY KEY(X);\n", schemaAfter: "CREATE TABLE T (\n  Id INT64 NOT NULL,\n) PRIMARY KEY(Id);\n",
            tables: [.init(name: "T", parent: nil, references: ["U"], touched: true, change: "created"), .init(name: "U", parent: nil, references: [], touched: true, change: "altered")])
        if mode == .run {
            plan.run = .init(
                startedAt: "2026-11-25T10:00:00Z", endedAt: "2026-11-25T10:00:05Z", outcome: .partial, error: "statement 2 failed",
                batches: [.init(batch: 0, statements: 1, seconds: 1.5, operation: "projects/p/instances/i/databases/d/operations/_auto_1")],
                partialState: "b2 applied up to statement 1")
        }
        return plan
    }

    @Test("every kind and mode round-trips exactly, and lists with filters", arguments: CachedPlan.Kind.allCases)
    func roundTrip(_ kind: CachedPlan.Kind) throws {
        let directory = try Directory()
        let (store, warnings) = try PlanStore.open(path: directory.path + "/ratchet.sqlite")
        #expect(warnings.isEmpty)
        for mode in CachedPlan.Mode.allCases {
            let plan = Self.sample(kind, mode)
            let id = try store.save(plan)
            var loaded = try #require(try store.plan(id))
            #expect(loaded.id == id)
            loaded.id = nil
            #expect(loaded == plan)
        }
        #expect(try store.list().count == CachedPlan.Mode.allCases.count)
        #expect(try store.list(kind: kind).count == CachedPlan.Mode.allCases.count)
        #expect(try store.list(database: "local").isEmpty)
        #expect(try store.list(since: "2999-01-01").isEmpty)
        let snapshot = SchemaSnapshot(database: "local", ddl: "CREATE TABLE T (Id INT64) PRIMARY KEY(Id);", hash: "abc")
        try store.save(snapshot)
        #expect(try store.latestSnapshot(of: "local")?.ddl == snapshot.ddl)
        let pruned = try store.prune(before: "2999-01-01")
        #expect(pruned.plans == CachedPlan.Mode.allCases.count && pruned.snapshots == 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path + "/ratchet.sqlite")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test("a corrupt file is moved aside with a warning and replaced, never deleted")
    func corrupt() throws {
        let directory = try Directory()
        let path = directory.path + "/ratchet.sqlite"
        try Data(repeating: 0x42, count: 4096).write(to: URL(fileURLWithPath: path))
        let (store, warnings) = try PlanStore.open(path: path)
        #expect(warnings.count == 1)
        #expect(warnings[0].contains("moved to"))
        let aside = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".corrupt-") }
        #expect(aside.count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory.path + "/" + aside[0])) == Data(repeating: 0x42, count: 4096))
        #expect(try store.save(Self.sample(.diff, .plan)) > 0)
    }

    @Test("a directory that cannot be written is an error to report, not a crash")
    func readOnly() throws {
        let directory = try Directory()
        // A regular file where the cache directory would go: nobody, root included, can create
        // a directory under it.
        FileManager.default.createFile(atPath: directory.path + "/blocked", contents: Data("x".utf8))
        #expect(throws: PlanCacheError.self) { try PlanStore.open(path: directory.path + "/blocked/cache/ratchet.sqlite") }
        // Permissions, where they apply (root ignores them).
        if getuid() != 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory.path)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path) }
            #expect(throws: PlanCacheError.self) { try PlanStore.open(path: directory.path + "/cache/ratchet.sqlite") }
        }
    }

    @Test("several writers at once: every plan is stored")
    func concurrentWriters() async throws {
        let directory = try Directory()
        let path = directory.path + "/ratchet.sqlite"
        _ = try PlanStore.open(path: path)
        // Separate connections, as separate processes would have.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    let (store, _) = try PlanStore.open(path: path)
                    for _ in 0..<25 { try store.save(Self.sample(writer % 2 == 0 ? .upgrade : .diff, .plan)) }
                }
            }
            try await group.waitForAll()
        }
        let (store, _) = try PlanStore.open(path: path)
        #expect(try store.list().count == 100)
    }
}
