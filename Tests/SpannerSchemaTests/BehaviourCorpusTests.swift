import BehaviourCorpus
import Foundation
import Testing

/// The recorded Spanner behaviours in `Behaviour/`: every case must agree with Spanner.
@Suite("Spanner behaviour corpus")
struct BehaviourCorpusTests {
    static let cases: [BehaviourCase] = {
        guard let directory = Bundle.module.url(forResource: "Behaviour", withExtension: nil),
            let corpus = try? BehaviourCorpus(directory: directory)
        else { return [] }
        return corpus.cases
    }()

    @Test("the corpus loads and names a source for every case")
    func loads() throws {
        let directory = try #require(Bundle.module.url(forResource: "Behaviour", withExtension: nil))
        let corpus = try BehaviourCorpus(directory: directory)
        #expect(corpus.cases.count >= 100)
        for behaviour in corpus.cases where behaviour.source == nil {
            Issue.record("\(behaviour.location): case '\(behaviour.name)' has no '# source:' line")
        }
    }

    @Test("the rule engine agrees with Spanner", arguments: cases)
    func agrees(_ behaviour: BehaviourCase) {
        let outcome = behaviour.run()
        #expect(outcome.agrees, "\(behaviour.location): \(behaviour.name): \(outcome.result)")
    }

    @Test("a malformed corpus file is reported with its line")
    func malformed() {
        #expect(throws: BehaviourCorpusError.self) { try BehaviourCase.parse("=== no end\nCREATE ROLE r;\n", file: "x.sqltest") }
        #expect(throws: BehaviourCorpusError.self) { try BehaviourCase.parse("stray text\n", file: "x.sqltest") }
    }
}

extension BehaviourCase: CustomTestStringConvertible {
    public var testDescription: String { "\(location) \(name)" }
}
