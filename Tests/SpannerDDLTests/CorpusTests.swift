import Foundation
import SpannerDDL
import Testing

@Suite("Valid corpus")
struct CorpusTests {
    static let validFiles = CorpusLoader.files(in: "valid")
    static let regressionFiles = CorpusLoader.files(in: "fuzz-regressions")

    @Test("the corpus holds at least 300 statements covering every statement kind")
    func corpusSize() {
        var count = 0
        var kinds = Set<String>()
        for file in Self.validFiles {
            let document = DDLDocument.parse(SourceFile(name: file.name, bytes: file.bytes))
            count += document.statements.count
            for statement in document.statementList { kinds.insert(Self.kindName(statement)) }
        }
        #expect(count >= 300)
        let expected: Set<String> = [
            "createTable", "alterTable", "renameTable", "createIndex", "createSearchIndex", "createVectorIndex",
            "alterIndex", "createView", "createChangeStream", "alterChangeStream", "createSequence", "alterSequence",
            "createSchema", "createModel", "alterModel", "createProtoBundle", "alterProtoBundle", "createPlacement",
            "alterPlacement", "createLocalityGroup", "alterLocalityGroup", "createPropertyGraph", "createRole",
            "grant", "revoke", "alterDatabase", "alterStatistics", "analyze", "drop", "dml", "opaque", "createFunction",
        ]
        #expect(kinds == expected)
    }

    @Test("every valid statement parses without errors", arguments: validFiles.map(\.name))
    func parsesWithoutErrors(name: String) throws {
        let file = try #require(Self.validFiles.first { $0.name == name })
        let source = SourceFile(name: name, bytes: file.bytes)
        let document = DDLDocument.parse(source)
        let rendered = document.errors.map { $0.render(in: source) }
        #expect(rendered.isEmpty, "\(rendered.joined(separator: "\n"))")
        // Only statement kinds Ratchet does not model may warn.
        for warning in document.diagnostics where warning.severity == .warning {
            #expect(warning.kind == .unmodeledStatement)
        }
    }

    @Test(
        "parse(print(ast)) == ast, comments included, and printing is idempotent",
        arguments: validFiles.map(\.name) + regressionFiles.map { "fuzz-regressions/" + $0.name })
    func roundTrip(name: String) throws {
        let bytes = try #require((Self.validFiles + Self.regressionFiles.map { ("fuzz-regressions/" + $0.name, $0.bytes) }).first { $0.name == name }?.bytes)
        let document = DDLDocument.parse(SourceFile(name: name, bytes: bytes))
        try RoundTrip.check(document)
    }

    static func kindName(_ statement: Statement) -> String {
        if case .analyze = statement { return "analyze" }
        let mirror = Mirror(reflecting: statement)
        return mirror.children.first?.label ?? String(describing: statement)
    }
}

/// The round-trip property, shared by the corpus, the generator and the unit tests.
enum RoundTrip {
    static func check(_ document: DDLDocument, dialect: Dialect = .googleSQL, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let printed = DDLPrinter.format(document, dialect: dialect)
        let reparsed = DDLDocument.parse(printed, fileName: "<printed>", dialect: dialect)
        let source = SourceFile(name: "<printed>", text: printed)
        #expect(reparsed.errors.isEmpty, "\(reparsed.errors.map { $0.render(in: source) }.joined(separator: "\n"))", sourceLocation: sourceLocation)
        let before = RoundTripView(document)
        let after = RoundTripView(reparsed)
        if before.statements != after.statements {
            for (a, b) in zip(before.statements, after.statements) where a != b {
                Issue.record("statement changed by a round trip:\n  before: \(a)\n  after:  \(b)\n  debug before: \(String(reflecting: a))\n  debug after: \(String(reflecting: b))", sourceLocation: sourceLocation)
                break
            }
            #expect(before.statements.count == after.statements.count, sourceLocation: sourceLocation)
        }
        #expect(before == after, sourceLocation: sourceLocation)
        #expect(DDLPrinter.format(reparsed, dialect: dialect) == printed, "printing is not idempotent", sourceLocation: sourceLocation)
    }
}
