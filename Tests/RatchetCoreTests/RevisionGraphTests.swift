import RatchetCore
import Testing

func rev(_ id: String, _ parents: [String] = [], labels: [String] = [], dependsOn: [String] = [], created: String? = nil) -> Revision {
    Revision(id: id, parents: parents, message: "revision \(id)", created: created ?? "2026-01-01T00:00:00Z", branchLabels: labels, dependsOn: dependsOn, file: "\(id).sql", headerLines: ["parents": 2, "revision": 1])
}

@Suite("Revision graph")
struct RevisionGraphTests {
    /// a - b - c - d(live) - f(merge) - g
    ///          \- e(search) -/
    static func example() throws -> RevisionGraph {
        try RevisionGraph(
            [
                rev("aaaa01"), rev("bbbb02", ["aaaa01"]), rev("cccc03", ["bbbb02"]),
                rev("dddd04", ["cccc03"], labels: ["live"]), rev("eeee05", ["cccc03"], labels: ["search"]),
                rev("ffff06", ["dddd04", "eeee05"]), rev("aaab07", ["ffff06"]),
            ].shuffled())
    }

    @Test("order, heads, bases and branch points do not depend on file order")
    func shape() throws {
        let graph = try Self.example()
        #expect(graph.order == ["aaaa01", "bbbb02", "cccc03", "dddd04", "eeee05", "ffff06", "aaab07"])
        #expect(graph.heads == ["aaab07"])
        #expect(graph.bases == ["aaaa01"])
        #expect(graph.branchPoints == ["cccc03"])
    }

    @Test("targets: ids, prefixes, labels, label@head, relative")
    func targets() throws {
        let graph = try Self.example()
        #expect(try graph.resolve("ccc") == "cccc03")
        #expect(try graph.resolve("live") == "dddd04")
        #expect(try graph.goals(of: RevisionTarget(parsing: "search@head")) == ["aaab07"])
        #expect(try RevisionTarget(parsing: "+2") == .relative(2))
        #expect(try RevisionTarget(parsing: "-1") == .relative(-1))
        #expect(throws: RatchetError.self) { try graph.resolve("aaa") }  // aaaa01 and aaab07
        do { _ = try graph.resolve("aaa") } catch { #expect(error.details.count == 2) }
        #expect(throws: RatchetError.self) { try graph.resolve("zzz") }
        #expect(throws: RatchetError.self) { try RevisionTarget(parsing: "+x") }
    }

    @Test("upgrade and downgrade paths along branches")
    func paths() throws {
        let graph = try Self.example()
        let all = try MigrationPath.upgrade(graph, from: [], to: .head)
        #expect(all.revisions == graph.order)
        let live = try MigrationPath.upgrade(graph, from: [], to: .revision("live"))
        #expect(live.revisions == ["aaaa01", "bbbb02", "cccc03", "dddd04"])
        let next = try MigrationPath.upgrade(graph, from: live.after, to: .relative(1))
        #expect(next.revisions == ["eeee05"])
        let down = try MigrationPath.downgrade(graph, from: Set(graph.order), to: .revision("dddd04"))
        #expect(down.revisions == ["aaab07", "ffff06"], "the merge and its child go; the search branch stays")
        #expect(down.after == Set(["aaaa01", "bbbb02", "cccc03", "dddd04", "eeee05"]))
        let back = try MigrationPath.downgrade(graph, from: live.after, to: .relative(-2))
        #expect(back.revisions == ["dddd04", "cccc03"])
        let base = try MigrationPath.downgrade(graph, from: Set(graph.order), to: .base)
        #expect(base.revisions == graph.order.reversed())
        #expect(throws: RatchetError.self) { try MigrationPath.downgrade(graph, from: live.after, to: .revision("eeee05")) }
        #expect(throws: RatchetError.self) { try MigrationPath.upgrade(graph, from: Set(graph.order), to: .relative(1)) }
    }

    @Test("two heads: 'head' is refused with the heads listed, 'heads' takes both")
    func twoHeads() throws {
        let graph = try RevisionGraph([rev("a1"), rev("b2", ["a1"]), rev("c3", ["a1"])])
        do {
            _ = try MigrationPath.upgrade(graph, from: [], to: .head)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("2 heads"))
            #expect(error.details.count == 2)
        }
        #expect(try MigrationPath.upgrade(graph, from: [], to: .heads).revisions == ["a1", "b2", "c3"])
    }

    @Test("depends-on orders across branches")
    func dependsOn() throws {
        let graph = try RevisionGraph([rev("a1"), rev("b2", ["a1"], created: "2026-01-03T00:00:00Z"), rev("c3", dependsOn: ["b2"], created: "2026-01-02T00:00:00Z")])
        #expect(graph.order == ["a1", "b2", "c3"])
        #expect(graph.bases == ["a1", "c3"])
        #expect(try MigrationPath.upgrade(graph, from: [], to: .revision("c3")).revisions == ["a1", "b2", "c3"])
    }

    @Test(
        "invalid graphs are explained",
        arguments: [
            ([rev("a1"), rev("a1")], "used twice"),
            ([rev("a1", ["zz"])], "unknown parent zz"),
            ([rev("a1", ["b2"]), rev("b2", ["a1"])], "cycle: a1 -> b2 -> a1"),
            ([rev("a1", labels: ["x"]), rev("b2", ["a1"], labels: ["x"])], "branch label 'x' is on both"),
            ([rev("a1", dependsOn: ["nope"])], "depends on nope"),
        ])
    func invalid(_ revisions: [Revision], _ message: String) {
        do {
            _ = try RevisionGraph(revisions)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
            #expect(error.location != nil)
        }
    }
}
