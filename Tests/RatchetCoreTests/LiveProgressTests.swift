import RatchetCore
import Testing

@Suite("Live progress events")
struct LiveProgressTests {
    @Test(
        "a batch's fraction counts committed statements and the running one's percentage",
        arguments: [
            (0, 4, nil, 0.0), (1, 4, nil, 0.25), (1, 4, 50, 0.375), (4, 4, 80, 1.0), (2, 4, 250, 0.75), (0, 0, nil, 1.0),
        ] as [(Int, Int, Int?, Double)])
    func fraction(_ committed: Int, _ total: Int, _ percent: Int?, _ expected: Double) {
        #expect(LiveProgress.fraction(committed: committed, total: total, currentPercent: percent) == expected)
    }

    @Test("plain lines say what happens")
    func lines() {
        #expect(LiveProgress.batchSent(number: 1, statements: 12, revisions: 20).description == "schema operation 1: 12 statements (20 revisions)")
        #expect(
            LiveProgress.batchProgress(number: 1, committed: 3, total: 12, currentPercent: 40, throttled: true).description
                == "  3/12 statements committed, statement 4 at 40% (throttled)")
        #expect(LiveProgress.batchDone(number: 1, statements: 1, seconds: 2.25).description == "  done: 1 statement in 2.2 s" || LiveProgress.batchDone(number: 1, statements: 1, seconds: 2.25).description == "  done: 1 statement in 2.3 s")
        #expect(LiveProgress.settling(operation: "ops/x").description.contains("ops/x"))
    }
}
