import Foundation
@testable import RatchetCore
import Synchronization
import Testing

@Suite("Fleet rollout schedule, patterns and config")
struct FleetRolloutTests {
    /// Counts members running at once.
    final class Gauge: Sendable {
        private let state = Mutex((now: 0, peak: 0, order: [Int]()))
        func enter(_ index: Int) {
            state.withLock {
                $0.now += 1; $0.peak = max($0.peak, $0.now); $0.order.append(index)
            }
        }
        func leave() { state.withLock { $0.now -= 1 } }
        var peak: Int { state.withLock { $0.peak } }
        var order: [Int] { state.withLock { $0.order } }
    }

    func run(_ rollout: FleetRollout, count: Int, failing: Set<Int> = [], gauge: Gauge = Gauge()) async -> FleetRollout.Outcome<Bool> {
        let failed: @Sendable (Bool) -> Bool = { !$0 }
        return await rollout.run(count: count, failed: failed) { index in
            gauge.enter(index)
            try? await Task.sleep(nanoseconds: UInt64(1 + index % 3) * 2_000_000)
            gauge.leave()
            return !failing.contains(index)
        }
    }

    @Test("never more than --parallel members at once, each member once", arguments: [1, 3, 8, 64])
    func parallelBound(_ parallel: Int) async {
        let gauge = Gauge()
        let outcome = await run(FleetRollout(parallel: parallel), count: 40, gauge: gauge)
        #expect(gauge.peak <= parallel)
        #expect(gauge.peak == min(parallel, 40))
        // Tasks are added in order; those running side by side may begin in any order.
        if parallel == 1 { #expect(gauge.order == Array(0..<40)) } else { #expect(gauge.order.sorted() == Array(0..<40)) }
        #expect(outcome.results.allSatisfy { $0 == true })
        #expect(outcome.stopReason == nil)
    }

    @Test("canaries run before every other member; a failed canary leaves the rest unstarted")
    func canaries() async {
        let gauge = Gauge()
        let clean = await run(FleetRollout(parallel: 8, canaries: 3), count: 20, gauge: gauge)
        #expect(Set(gauge.order.prefix(3)) == [0, 1, 2])
        #expect(clean.results.allSatisfy { $0 == true })
        let failed = await run(FleetRollout(parallel: 8, canaries: 3), count: 20, failing: [1])
        #expect(failed.results.prefix(3).allSatisfy { $0 != nil }, "every canary ran")
        #expect(failed.results.dropFirst(3).allSatisfy { $0 == nil }, "no other member started")
        #expect(failed.stopReason == "1 of 3 canaries failed")
    }

    @Test("after --max-failures failures no new member starts; running ones finish")
    func maxFailures() async {
        let outcome = await run(FleetRollout(parallel: 1, maxFailures: 2), count: 20, failing: [4, 9, 15])
        #expect(outcome.results.prefix(10).allSatisfy { $0 != nil })
        #expect(outcome.results.dropFirst(10).allSatisfy { $0 == nil })
        #expect(outcome.stopReason == "2 members failed (--max-failures 2)")
        // In parallel, members already running when the limit is reached still finish.
        let wide = await run(FleetRollout(parallel: 4, maxFailures: 2), count: 40, failing: Set(0..<40))
        let ran = wide.results.compactMap { $0 }.count
        #expect(ran >= 2 && ran <= 5, "\(ran) members ran")
        // Without a limit every member runs, whatever fails.
        let all = await run(FleetRollout(parallel: 4), count: 12, failing: [0, 1, 2])
        #expect(all.results.allSatisfy { $0 != nil })
    }

    @Test(
        "a pattern's glob matches database ids as the shell would",
        arguments: [
            ("tenant-*", "tenant-1", true), ("tenant-*", "tenant-", true), ("tenant-*", "tenants-1", false), ("t?nant-*", "tenant-42", true),
            ("*-eu", "shop-eu", true), ("*-eu", "shop-eu-2", false), ("*", "anything", true), ("a*b*c", "axxbyyc", true), ("a*b*c", "axxbyy", false),
            ("exact", "exact", true), ("exact", "exactly", false),
        ])
    func glob(_ glob: String, _ id: String, _ matches: Bool) throws {
        let pattern = try FleetPattern(parsing: "spanner://projects/p/instances/i/databases/\(glob)")
        #expect(pattern.matches(id) == matches)
    }

    @Test("a pattern is refused where it cannot match a database id or names no instance")
    func badPatterns() {
        for text in ["spanner://projects/p/instances/i/databases/Tenant*", "spanner://projects/p/instances/i/databases/t[0-9]", "spanner://projects/p/instances/i", "local"] {
            #expect(throws: RatchetError.self) { try FleetPattern(parsing: text) }
        }
    }

    func load(_ text: String, env: String? = nil) throws -> ProjectConfig {
        try ProjectConfigTests().load(text, env: env)
    }

    @Test("[fleet.NAME] takes databases, patterns and a command; an environment may declare its own")
    func config() throws {
        let config = try load(
            """
            migrations = "versions"
            [fleet.tenants]
            databases = ["spanner://projects/p/instances/i/databases/main"]
            pattern = "spanner://projects/p/instances/i/databases/tenant-*"
            command = "./list-more"
            [env.staging.fleet.tenants]
            databases = ["spanner://projects/s/instances/i/databases/one"]
            """)
        let fleet = try config.fleet(named: "tenants")
        #expect(fleet.databases == [.spanner(project: "p", instance: "i", database: "main", emulator: nil)])
        #expect(fleet.patterns.map(\.description) == ["spanner://projects/p/instances/i/databases/tenant-*"])
        #expect(fleet.command == "./list-more")
        #expect(fleet.line == 3 || fleet.line == 4)
        let staging = try load(
            """
            [env.staging.fleet.tenants]
            databases = ["spanner://projects/s/instances/i/databases/one"]
            """, env: "staging")
        #expect(try staging.fleet(named: "tenants").databases.count == 1)
    }

    @Test(
        "fleet config errors name the key and the line, and say what to write",
        arguments: [
            ("[fleet.t]\ndatabase = \"x\"\n", "a fleet is a table [fleet.NAME] with databases, pattern, patterns, command", 2),
            ("[fleet.t]\ndatabases = [\"local\"]\n", "not the local sandbox", 2),
            ("[fleet.t]\ndatabases = [3]\n", "must hold strings", 2),
            ("[fleet.t]\npattern = \"spanner://projects/p/instances/i/databases/UPPER*\"\n", "not a database-id pattern", 2),
            ("[fleet.t]\ncommand = \"\"\n", "must be a command line", 2),
        ])
    func configErrors(_ text: String, _ message: String, _ line: Int) {
        do {
            _ = try load(text)
            Issue.record("accepted: \(text)")
        } catch let error as RatchetError {
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.location?.hasSuffix(":\(line)") == true, "\(error.location ?? "no location")")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("an unknown fleet is an error that lists the fleets there are")
    func unknownFleet() throws {
        let config = try load("[fleet.tenants]\ndatabases = [\"spanner://projects/p/instances/i/databases/a\"]\n")
        #expect { try config.fleet(named: "tennants") } throws: { error in
            (error as? RatchetError)?.message.contains("the fleets are tenants") == true
        }
    }
}
