import Foundation
@testable import RatchetCLI
import RatchetCore
import Synchronization
import Testing

/// What a fleet run shows while it works, on a terminal and in a log.
@Suite("Fleet display")
struct FleetDisplayTests {
    final class Buffer: Sendable {
        private let text = Mutex("")
        func append(_ more: String) { text.withLock { $0 += more } }
        var value: String { text.withLock { $0 } }
    }

    let members: [DatabaseURL] = (0..<3).map { .spanner(project: "p", instance: "i", database: "tenant-\($0)", emulator: nil) }

    func project() throws -> (Project, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ratchet-display-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("versions"), withIntermediateDirectories: true)
        try "migrations = \"versions\"\n".write(to: directory.appendingPathComponent("ratchet.toml"), atomically: true, encoding: .utf8)
        return (try Project(config: ProjectConfig.load(path: directory.appendingPathComponent("ratchet.toml").path)), directory)
    }

    func play(_ display: FleetDisplay) {
        display.report(.started(members[0]))
        display.report(.started(members[1]))
        display.report(.member(members[0], .progress(.batchSent(number: 1, statements: 4, revisions: 2))))
        display.report(.member(members[0], .progress(.batchProgress(number: 1, committed: 2, total: 4, currentPercent: 50, throttled: false))))
        var done = FleetMemberResult(database: members[0], outcome: .completed)
        done.revisions = ["a", "b"]
        done.statements = 4
        done.schemaOperations = 1
        display.report(.finished(done))
        display.finish()
    }

    @Test("on a terminal: a line per running member with its operation, under a summary, redrawn in place; finished members stay above")
    func terminal() throws {
        let (project, directory) = try project()
        defer { try? FileManager.default.removeItem(at: directory) }
        let buffer = Buffer()
        play(FleetDisplay(members: members, project: project, live: true, write: buffer.append))
        let out = buffer.value
        #expect(out.contains("  tenant-0  schema operation 1: 2/4 statements 62%"), "\(out)")
        #expect(out.contains("fleet: 0 done, 2 running, 0 failed, 1 waiting"))
        #expect(out.contains("\u{1B}[3F\u{1B}[J[tenant-0] completed: 2 revisions, 4 statements in 1 schema operation"), "the block is cleared, the finished line printed above it")
        #expect(out.hasSuffix("fleet: 1 done, 1 running, 0 failed, 1 waiting\n"))
    }

    @Test("in a log: plain lines named by member, no polls, a summary as each member finishes")
    func log() throws {
        let (project, directory) = try project()
        defer { try? FileManager.default.removeItem(at: directory) }
        let buffer = Buffer()
        play(FleetDisplay(members: members, project: project, live: false, write: buffer.append))
        #expect(
            buffer.value == """
                [tenant-0] schema operation 1: 4 statements (2 revisions)
                [tenant-0] completed: 2 revisions, 4 statements in 1 schema operation (0.0 s)
                fleet: 1 done, 1 running, 0 failed, 1 waiting

                """)
        #expect(!buffer.value.contains("\u{1B}"))
    }
}
