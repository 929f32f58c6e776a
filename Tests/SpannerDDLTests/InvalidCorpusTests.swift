import SpannerDDL
import Testing

/// One case of `Corpus/invalid.sql`: source with markers removed, and where errors must be.
struct InvalidCase: CustomTestStringConvertible, Sendable {
    var name: String
    var source: String
    /// (line, column) of each marker, in order.
    var expected: [(line: Int, column: Int)]
    var messageFragment: String

    var testDescription: String { name }

    static let marker: Character = "§"

    static func load(_ path: String = "invalid.sql") -> [InvalidCase] {
        var cases: [InvalidCase] = []
        var name: String?
        var body: [String] = []
        for line in CorpusLoader.text(path).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- case: ") {
                name = String(line.dropFirst("-- case: ".count))
                body = []
            } else if line.hasPrefix("-- expect: "), let current = name {
                cases.append(make(name: current, lines: body, fragment: String(line.dropFirst("-- expect: ".count))))
                name = nil
            } else if name != nil {
                body.append(String(line))
            }
        }
        return cases
    }

    private static func make(name: String, lines: [String], fragment: String) -> InvalidCase {
        var expected: [(Int, Int)] = []
        var cleaned: [String] = []
        for (index, line) in lines.enumerated() {
            var out = ""
            var column = 1
            for ch in line.unicodeScalars {
                if Character(ch) == marker {
                    expected.append((index + 1, column))
                    continue
                }
                out.unicodeScalars.append(ch)
                column += 1
            }
            cleaned.append(out)
        }
        return InvalidCase(name: name, source: cleaned.joined(separator: "\n"), expected: expected, messageFragment: fragment)
    }
}

@Suite("Invalid corpus")
struct InvalidCorpusTests {
    static let cases = InvalidCase.load()

    @Test("the invalid corpus holds at least 100 cases, each with a marker")
    func corpusSize() {
        #expect(Self.cases.count >= 100)
        for item in Self.cases { #expect(!item.expected.isEmpty, "\(item.name) has no marker") }
    }

    @Test("each error is reported at the exact line and column", arguments: cases)
    func errorLocations(_ item: InvalidCase) {
        item.checkErrors(dialect: .googleSQL)
    }

    @Test("rendered diagnostics look like swiftc's: file:line:col, the line, a caret")
    func renderedShape() throws {
        let source = SourceFile(name: "schema.sql", text: "CREATE TABLE T (\n  Id ,\n) PRIMARY KEY (Id);\n")
        let document = DDLDocument.parse(source)
        let error = try #require(document.errors.first)
        #expect(error.render(in: source) == "schema.sql:2:6: error: expected a type, found ','\n  Id ,\n     ^")
    }
}

extension InvalidCase {
    /// Parses the case in `dialect` and checks that its errors are where its markers say, the
    /// first with the expected message.
    func checkErrors(dialect: Dialect) {
        let item = self
        let source = SourceFile(name: "case.sql", text: item.source)
        let document = DDLDocument.parse(source, dialect: dialect)
        let errors = document.errors
        let found = errors.map { ($0.location?.line ?? 0, $0.location?.column ?? 0) }
        let rendered = errors.map { $0.render(in: source) }.joined(separator: "\n")
        #expect(found.count == item.expected.count, "expected \(item.expected.count) errors, got:\n\(rendered)")
        for (actual, wanted) in zip(found, item.expected) {
            #expect(actual == wanted, "expected an error at \(wanted.line):\(wanted.column), got:\n\(rendered)")
        }
        if let first = errors.first {
            #expect(first.message.contains(item.messageFragment), "message was: \(first.message)")
        }
    }
}
