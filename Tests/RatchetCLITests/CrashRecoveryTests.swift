import Foundation
import SpannerTestServer
import Testing

/// SIGKILL at seeded random moments of a live upgrade; the next run reaches the target with
/// no statement applied twice (which the rule engine behind the server would reject) or skipped.
@Suite("Crash recovery (SIGKILL during a live upgrade)", .serialized)
struct CrashRecoveryTests {
    static let database = "projects/p/instances/i/databases/d"

    func project() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        #expect(try RatchetProcess.run(["init", dir.url.path]).status == 0)
        var schema = ""
        for index in 0..<6 {
            schema += "CREATE TABLE T\(index) (Id INT64 NOT NULL, Name STRING(MAX), Score INT64) PRIMARY KEY (Id);\nCREATE INDEX T\(index)ByName ON T\(index)(Name);\n"
            try dir.write("schema.sql", schema)
            #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "t\(index)"], in: dir.url).status == 0)
        }
        return dir
    }

    /// Starts `ratchet` and kills it after `delay` seconds (if it is still running).
    func killed(after delay: Double, _ arguments: [String], in directory: URL) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    let process = Process()
                    process.executableURL = RatchetProcess.executable
                    process.arguments = arguments
                    process.currentDirectoryURL = directory
                    process.standardOutput = FileHandle.nullDevice
                    process.standardError = FileHandle.nullDevice
                    try process.run()
                    Thread.sleep(forTimeInterval: delay)
                    let wasRunning = process.isRunning
                    if wasRunning { kill(process.processIdentifier, SIGKILL) }
                    process.waitUntilExit()
                    continuation.resume(returning: wasRunning)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    @Test("20 seeded SIGKILL trials: every rerun reaches head, each revision applied once")
    func trials() async throws {
        let dir = try project()
        var generator = SeededGenerator(seed: 20261125)
        var interrupted = 0
        for trial in 0..<20 {
            let server = try SpannerTestServer(envelope: trial % 2 == 0 ? .emulator : .production, pollsToComplete: 1)
            let url = try await server.start()
            try await server.createDatabase(Self.database)
            let target = "spanner://\(Self.database)?emulator=127.0.0.1:\(url.port!)"
            let delay = Double(generator.next() % 1500) / 1000
            if try await killed(after: delay, ["upgrade", "--database", target], in: dir.url) { interrupted += 1 }
            let rerun = try await RatchetProcess.runAsync(["upgrade", "--database", target], in: dir.url)
            #expect(rerun.status == 0, "trial \(trial) (killed after \(delay) s): \(rerun.stderr)")
            let ddl = await server.ddl(of: Self.database) ?? []
            #expect(ddl.filter { $0.hasPrefix("CREATE TABLE T") }.count == 6, "trial \(trial)")
            #expect(ddl.filter { $0.hasPrefix("CREATE INDEX T") }.count == 6, "trial \(trial)")
            let applied = await server.rows(of: "ratchet_history", in: Self.database).filter { $0["State"] == "applied" }.compactMap { $0["Revision"] }
            #expect(applied.count == 6 && Set(applied).count == 6, "trial \(trial): each revision recorded applied exactly once, got \(applied.count)")
            await server.stop()
        }
        #expect(interrupted >= 5, "enough trials were killed mid-run (\(interrupted))")
    }
}

/// SplitMix64: seeded, so a failing trial can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
