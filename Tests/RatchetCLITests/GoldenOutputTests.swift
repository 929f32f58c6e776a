import Foundation
import Testing

/// Exact output of the commands people and scripts read, against files checked in under
/// `Golden/`: a change to any of them shows up as a diff in review, never silently.
///
/// `RATCHET_UPDATE_GOLDEN=1 swift test --filter GoldenOutput` rewrites the files; the diff is
/// then the change to review.
@Suite("Golden output (exact text)")
struct GoldenOutputTests {
    static let repository: URL = {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        return root
    }()

    static let golden = repository.appendingPathComponent("Tests/RatchetCLITests/Golden")

    /// A copy of the worked example in a temporary directory, so that runs write nothing in
    /// the repository.
    static func workedExample() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ratchet-golden-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: repository.appendingPathComponent("migrations"), to: directory)
        try? FileManager.default.removeItem(at: directory.appendingPathComponent(".ratchet"))
        return directory
    }

    /// Compares `text` with the golden file `name`, after replacing the project's directory.
    static func expectGolden(_ name: String, _ text: String, project: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let normalized = text.replacingOccurrences(of: project.path, with: "$PROJECT")
        let file = golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RATCHET_UPDATE_GOLDEN"] == "1" {
            try normalized.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        if expected != normalized {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false), b = normalized.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record(
                "\(name) differs at line \(line + 1):\n  golden: \(line < a.count ? String(a[line]) : "<end>")\n  actual: \(line < b.count ? String(b[line]) : "<end>")",
                sourceLocation: sourceLocation)
        }
    }

    static let offline: [(file: String, arguments: [String])] = [
        ("upgrade-sql.txt", ["upgrade", "base:head", "--sql"]),
        ("downgrade-sql.txt", ["downgrade", "head:base", "--sql"]),
        ("history.json", ["history", "--format", "json"]),
        ("heads.json", ["heads", "--format", "json"]),
        ("diff.txt", ["diff", "revisions@base", "declared", "--format", "text"]),
        ("diff.sql", ["diff", "revisions@base", "declared", "--format", "sql"]),
        ("diff.json", ["diff", "revisions@base", "declared", "--format", "json"]),
        ("lint.txt", ["lint", "base:head"]),
        ("lint.json", ["lint", "base:head", "--format", "json"]),
        ("lint.sarif", ["lint", "base:head", "--format", "sarif"]),
        ("lint-github.txt", ["lint", "base:head", "--format", "github"]),
    ]

    @Test("offline previews, listings and plan renderings of the worked example", arguments: offline.map(\.file))
    func offlineOutput(_ file: String) throws {
        let project = try Self.workedExample()
        defer { try? FileManager.default.removeItem(at: project) }
        let arguments = Self.offline.first { $0.file == file }!.arguments
        let result = try RatchetProcess.run(arguments + ["--config", project.appendingPathComponent("ratchet.toml").path])
        #expect(result.status == 0, "\(result.stderr)")
        try Self.expectGolden(file, result.stdout, project: project)
    }

    @Test("after an upgrade: current --format json, and the review page's structure")
    func afterUpgrade() throws {
        let project = try Self.workedExample()
        defer { try? FileManager.default.removeItem(at: project) }
        let config = ["--config", project.appendingPathComponent("ratchet.toml").path]
        let up = try RatchetProcess.run(["upgrade", "head"] + config)
        #expect(up.status == 0, "\(up.stderr)")
        let current = try RatchetProcess.run(["current", "--format", "json"] + config)
        try Self.expectGolden("current.json", current.stdout, project: project)

        let plans = try RatchetProcess.run(["plans", "list"] + config)
        let id = try #require(plans.stdout.split(separator: "\n").first?.split(separator: "\t").first.map(String.init))
        let page = project.appendingPathComponent("review.html")
        #expect(try RatchetProcess.run(["review", id, "--html", page.path] + config).status == 0)
        try Self.expectGolden("review-structure.txt", Self.structure(of: try String(contentsOf: page, encoding: .utf8)), project: project)
    }

    /// The page's skeleton: its headings and sections in order, and the columns of each table,
    /// without the times and names that change from run to run.
    static func structure(of html: String) -> String {
        var out = ""
        let pattern = try! NSRegularExpression(pattern: "<(h[1-3]|section|table|th|svg)\\b[^>]*>([^<]*)", options: [])
        for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            let tag = String(html[Range(match.range(at: 1), in: html)!])
            let text = String(html[Range(match.range(at: 2), in: html)!]).trimmingCharacters(in: .whitespacesAndNewlines)
            switch tag {
            case "section", "table", "svg": out += "<\(tag)>\n"
            default: out += "  <\(tag)> \(text)\n"
            }
        }
        return out
    }
}
