import Foundation
import Testing

/// `ratchet lint` through the binary: exit status, acknowledgements, `[lint]` settings, and
/// the SARIF output held to the SARIF 2.1.0 schema.
@Suite("ratchet lint")
struct LintCommandTests {
    /// A project whose second revision drops a column and adds its replacement.
    func project(_ toml: String = "") throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        #expect(try RatchetProcess.run(["init", dir.url.path]).status == 0)
        if !toml.isEmpty { try dir.write("ratchet.toml", try dir.read("ratchet.toml") + "\n" + toml) }
        try dir.write("schema.sql", "CREATE TABLE Users (Id INT64 NOT NULL, Name STRING(100)) PRIMARY KEY (Id);\n")
        #expect(try RatchetProcess.run(["revision", "--autogenerate", "-m", "users"], in: dir.url).status == 0)
        try dir.write("schema.sql", "CREATE TABLE Users (Id INT64 NOT NULL, FullName STRING(100)) PRIMARY KEY (Id);\n")
        let second = try RatchetProcess.run(["revision", "--autogenerate", "-m", "rename", "--allow-destructive"], in: dir.url)
        #expect(second.status == 0, "\(second.stderr)")
        if toml.isEmpty { #expect(second.stderr.contains("[drop-with-replacement]"), "autogenerate shows the findings of what it wrote: \(second.stderr)") }
        return dir
    }

    func revisionFile(_ dir: TemporaryDirectory, _ suffix: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.url.appendingPathComponent("versions").path)
        return "versions/" + (names.first { $0.hasSuffix(suffix) } ?? "")
    }

    @Test("an error nobody acknowledged exits 1; acknowledged, the same finding passes and shows its reason; the checksum does not change")
    func acknowledgement() throws {
        let dir = try project()
        // The data-loss mark autogenerate wrote acknowledges drop-column; drop-with-replacement is not.
        let first = try RatchetProcess.run(["lint"], in: dir.url)
        #expect(first.status == 1, "\(first.stdout)")
        #expect(first.stdout.contains("error: [drop-with-replacement]"), "\(first.stdout)")
        #expect(first.stdout.contains("acknowledged: ratchet:data-loss"), "\(first.stdout)")
        #expect(try RatchetProcess.run(["upgrade"], in: dir.url).status == 0)

        let file = try revisionFile(dir, "_rename.sql")
        var text = try dir.read(file)
        text = text.replacingOccurrences(of: "ALTER TABLE Users DROP COLUMN Name;", with: "-- ratchet:lint-ignore drop-with-replacement nothing reads Name since release 41\nALTER TABLE Users DROP COLUMN Name;")
        try dir.write(file, text)
        let second = try RatchetProcess.run(["lint", "base:head"], in: dir.url)
        #expect(second.status == 0, "\(second.stdout)")
        #expect(second.stdout.contains("acknowledged: nothing reads Name since release 41"))
        let sql = try RatchetProcess.run(["upgrade", "base:head", "--sql"], in: dir.url)
        #expect(sql.stdout.contains("[drop-with-replacement]") && sql.stdout.contains("(acknowledged: nothing reads Name since release 41)"), "previews show the acknowledgement")
        let check = try RatchetProcess.run(["upgrade"], in: dir.url)
        #expect(check.status == 0 && !check.stderr.contains("edited"), "an acknowledgement is a comment: the applied revision's checksum is unchanged: \(check.stderr)")
    }

    @Test("an acknowledgement without a reason, or of no rule, is an error at its line")
    func badAcknowledgement() throws {
        let dir = try project()
        let file = try revisionFile(dir, "_rename.sql")
        let original = try dir.read(file)
        for (comment, message) in [("-- ratchet:lint-ignore drop-with-replacement", "needs a reason"), ("-- ratchet:lint-ignore drop-colum typo", "'drop-colum' is not a lint rule")] {
            try dir.write(file, original.replacingOccurrences(of: "ALTER TABLE Users DROP COLUMN Name;", with: "\(comment)\nALTER TABLE Users DROP COLUMN Name;"))
            let result = try RatchetProcess.run(["lint"], in: dir.url)
            #expect(result.status == 65)
            #expect(result.stderr.contains(file + ":") && result.stderr.contains(message), "\(result.stderr)")
        }
    }

    @Test("[lint]: a rule disabled, a severity changed, a baseline before which nothing is reported")
    func config() throws {
        let disabled = try project("[lint]\ndisable = [\"drop-with-replacement\"]\n")
        #expect(try RatchetProcess.run(["lint"], in: disabled.url).status == 0)
        let softened = try project("[lint.severity]\ndrop-with-replacement = \"notice\"\n")
        let soft = try RatchetProcess.run(["lint"], in: softened.url)
        #expect(soft.status == 0 && soft.stdout.contains("notice: [drop-with-replacement]"), "\(soft.stdout)")
        let dir = try project()
        let head = try RatchetProcess.run(["heads"], in: dir.url).stdout.split(separator: " ")
        let id = head.firstIndex(of: "(head),").map { String(head[$0 - 1]) } ?? "?"
        try dir.write("ratchet.toml", try dir.read("ratchet.toml") + "\n[lint]\nbaseline = \"\(id)\"\n")
        let baseline = try RatchetProcess.run(["lint", "base:head"], in: dir.url)
        #expect(baseline.status == 0 && baseline.stdout.contains("No lint findings"), "\(baseline.stdout)")
        try dir.write("ratchet.toml", try dir.read("ratchet.toml").replacingOccurrences(of: "baseline = \"\(id)\"", with: "baseline = \"zzzz\""))
        let unknown = try RatchetProcess.run(["lint"], in: dir.url)
        #expect(unknown.status == 65 && unknown.stderr.contains("[lint] baseline 'zzzz'"), "\(unknown.stderr)")
        try dir.write("ratchet.toml", try dir.read("ratchet.toml").replacingOccurrences(of: "baseline = \"zzzz\"", with: "disable = [\"no-such-rule\"]"))
        let typo = try RatchetProcess.run(["lint"], in: dir.url)
        #expect(typo.status == 65 && typo.stderr.contains("ratchet.toml:") && typo.stderr.contains("'no-such-rule' is not a lint rule"), "\(typo.stderr)")
    }

    @Test("--declared checks the plan autogenerate would write; --rules lists the catalogue")
    func declared() throws {
        let dir = try project()
        try dir.write("schema.sql", "CREATE TABLE Users (Id INT64 NOT NULL, FullName STRING(100)) PRIMARY KEY (Id);\nCREATE UNIQUE INDEX UsersByName ON Users(FullName);\n")
        let result = try RatchetProcess.run(["lint", "--declared", "--format", "json"], in: dir.url)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rules = (json["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(rules.contains("unique-index-existing-rows") && rules.contains("backfill-index"), "\(rules)")
        let catalogue = try RatchetProcess.run(["lint", "--rules"], in: dir.url)
        #expect(catalogue.stdout.split(separator: "\n").count == 25, "one line per rule")
    }

    @Test("the golden SARIF file holds to the SARIF 2.1.0 schema; a broken one does not")
    func sarifSchema() throws {
        let schemaURL = GoldenOutputTests.repository.appendingPathComponent("Tests/RatchetCLITests/Schemas/sarif-2.1.0-subset.schema.json")
        let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL))
        let golden = try JSONSerialization.jsonObject(with: Data(contentsOf: GoldenOutputTests.golden.appendingPathComponent("lint.sarif")))
        let problems = JSONSchemaCheck(root: schema).problems(golden)
        #expect(problems.isEmpty, "\(problems)")
        guard var broken = golden as? [String: Any], var runs = broken["runs"] as? [[String: Any]], var results = runs.first?["results"] as? [[String: Any]], !results.isEmpty else {
            Issue.record("the golden SARIF has no results to break")
            return
        }
        results[0]["level"] = "fatal"
        results[0]["message"] = [String: Any]()
        runs[0]["results"] = results
        broken["runs"] = runs
        let found = JSONSchemaCheck(root: schema).problems(broken)
        #expect(found.contains { $0.contains("level") } && found.contains { $0.contains("message") }, "\(found)")
    }
}

/// The JSON Schema keywords the SARIF schema here uses: type, required, properties, items,
/// enum, minimum, maximum, minItems, anyOf and local $ref.
struct JSONSchemaCheck {
    let root: Any

    func problems(_ value: Any) -> [String] {
        var found: [String] = []
        check(value, against: root, path: "$", into: &found)
        return found
    }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String, ref.hasPrefix("#/") else { return schema }
        var node: Any? = root
        for part in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] }
        return node as? [String: Any] ?? [:]
    }

    private func check(_ value: Any, against raw: Any, path: String, into found: inout [String]) {
        guard let original = raw as? [String: Any] else { return }
        let schema = resolve(original)
        if let type = schema["type"] as? String, !Self.matches(value, type) { found.append("\(path): not \(type)") }
        if let options = schema["enum"] as? [Any], !options.contains(where: { "\($0)" == "\(value)" }) { found.append("\(path): \(value) is not one of \(options)") }
        if let number = value as? NSNumber {
            if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum { found.append("\(path): below \(minimum)") }
            if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum { found.append("\(path): above \(maximum)") }
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { found.append("\(path): missing \(key)") }
            for (key, sub) in schema["properties"] as? [String: Any] ?? [:] {
                if let child = object[key] { check(child, against: sub, path: "\(path).\(key)", into: &found) }
            }
            if let alternatives = schema["anyOf"] as? [Any] {
                let passing = alternatives.contains { alternative in
                    var local: [String] = []
                    check(value, against: alternative, path: path, into: &local)
                    return local.isEmpty
                }
                if !passing { found.append("\(path): matches none of anyOf") }
            }
        }
        if let array = value as? [Any] {
            if let minimum = schema["minItems"] as? Int, array.count < minimum { found.append("\(path): fewer than \(minimum) items") }
            if let items = schema["items"] {
                for (index, element) in array.enumerated() { check(element, against: items, path: "\(path)[\(index)]", into: &found) }
            }
        }
    }

    static func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "object": value is [String: Any]
        case "array": value is [Any]
        case "string": value is String
        case "boolean": value is Bool
        // Foundation on Linux bridges 0 and 1 to Bool as well, so integers are judged by value.
        case "integer": (value as? NSNumber).map { $0.doubleValue.rounded() == $0.doubleValue } ?? false
        case "number": value is NSNumber
        default: true
        }
    }
}
