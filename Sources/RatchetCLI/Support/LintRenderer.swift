import ArgumentParser
import Foundation
import RatchetCore

/// `--format` of `ratchet lint`.
enum LintFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json, sarif, github
}

/// Lint findings as text, JSON, SARIF 2.1.0 and GitHub workflow commands. Findings without a
/// place in a revision (a plan not yet written) are reported at `fallbackFile`.
struct LintRenderer {
    let findings: [LintFinding]
    let fallbackFile: String

    func render(_ format: LintFormat) -> String {
        switch format {
        case .text: text()
        case .json: json()
        case .sarif: sarif()
        case .github: github()
        }
    }

    private func place(_ finding: LintFinding) -> (file: String, line: Int?, column: Int?) {
        guard let location = finding.location else { return (fallbackFile, nil, nil) }
        return (location.file, location.line, location.column)
    }

    /// `12 findings: 2 errors (1 acknowledged), 7 warnings, 3 notices`.
    var summary: String {
        guard !findings.isEmpty else { return "No lint findings." }
        let parts = LintSeverity.allCases.compactMap { severity -> String? in
            let matching = findings.filter { $0.severity == severity }
            guard !matching.isEmpty else { return nil }
            let acknowledged = matching.filter { $0.acknowledged != nil }.count
            return "\(matching.count) \(severity.rawValue)\(matching.count == 1 ? "" : "s")" + (acknowledged > 0 ? " (\(acknowledged) acknowledged)" : "")
        }
        return "\(findings.count) finding\(findings.count == 1 ? "" : "s"): " + parts.joined(separator: ", ") + "."
    }

    // MARK: - Text

    /// `FILE:LINE:COL: warning: [rule] message`, as compilers print diagnostics.
    func text() -> String {
        var out = ""
        for finding in findings {
            out += "\(Self.position(finding, place(finding))): \(finding.severity.rawValue): [\(finding.rule.id)] \(finding.message)\n"
            out += "    \(finding.statement)\n"
            if let reason = finding.acknowledged { out += "    acknowledged: \(reason)\n" }
        }
        return out + summary + "\n"
    }

    static func position(_ finding: LintFinding, _ place: (file: String, line: Int?, column: Int?)) -> String {
        guard let line = place.line else { return place.file }
        return "\(place.file):\(line):\(place.column ?? 1)"
    }

    // MARK: - JSON

    func json() -> String {
        let items = findings.map { finding in
            let place = place(finding)
            return JSONText.object([
                ("rule", JSONText.string(finding.rule.id)),
                ("severity", JSONText.string(finding.severity.rawValue)),
                ("category", JSONText.string(finding.rule.category)),
                ("title", JSONText.string(finding.rule.title)),
                ("message", JSONText.string(finding.message)),
                ("file", JSONText.string(place.file)),
                ("line", place.line.map(String.init) ?? "null"),
                ("column", place.column.map(String.init) ?? "null"),
                ("revision", finding.revision.map(JSONText.string) ?? "null"),
                ("statement", JSONText.string(finding.statement)),
                ("acknowledged", finding.acknowledged.map(JSONText.string) ?? "null"),
            ])
        }
        let blocking = findings.filter(\.isBlocking).count
        return JSONText.object([("findings", JSONText.array(items)), ("blocking", String(blocking)), ("summary", JSONText.string(summary))]) + "\n"
    }

    // MARK: - SARIF

    /// SARIF 2.1.0, one run, the whole catalogue as the driver's rules, an acknowledgement as
    /// an in-source suppression with its reason.
    func sarif() -> String {
        let rules = LintRule.allCases
        let descriptors = rules.map { rule in
            JSONText.object([
                ("id", JSONText.string(rule.id)),
                ("name", JSONText.string(Self.pascal(rule.id))),
                ("shortDescription", JSONText.object([("text", JSONText.string(rule.title))])),
                ("helpUri", JSONText.string(rule.helpURI)),
                ("defaultConfiguration", JSONText.object([("level", JSONText.string(Self.level(rule.defaultSeverity)))])),
                ("properties", JSONText.object([("category", JSONText.string(rule.category))])),
            ])
        }
        let results = findings.map { finding in
            let place = place(finding)
            var region: [(String, String)] = []
            if let line = place.line { region.append(("startLine", String(line))) }
            if let column = place.column { region.append(("startColumn", String(column))) }
            var physical: [(String, String)] = [("artifactLocation", JSONText.object([("uri", JSONText.string(Self.uri(place.file)))]))]
            if !region.isEmpty { physical.append(("region", JSONText.object(region))) }
            var fields: [(String, String)] = [
                ("ruleId", JSONText.string(finding.rule.id)),
                ("ruleIndex", String(rules.firstIndex(of: finding.rule) ?? 0)),
                ("level", JSONText.string(Self.level(finding.severity))),
                ("message", JSONText.object([("text", JSONText.string(finding.message + ": " + finding.statement))])),
                ("locations", JSONText.array([JSONText.object([("physicalLocation", JSONText.object(physical))])])),
            ]
            if let reason = finding.acknowledged {
                fields.append(("suppressions", JSONText.array([JSONText.object([("kind", JSONText.string("inSource")), ("justification", JSONText.string(reason))])])))
            }
            return JSONText.object(fields)
        }
        let driver = JSONText.object([
            ("name", JSONText.string("ratchet")),
            ("version", JSONText.string(RatchetCommand.version)),
            ("informationUri", JSONText.string("https://cloud.google.com/spanner/docs/schema-updates")),
            ("rules", JSONText.array(descriptors)),
        ])
        return JSONText.object([
            ("$schema", JSONText.string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", JSONText.string("2.1.0")),
            ("runs", JSONText.array([JSONText.object([("tool", JSONText.object([("driver", driver)])), ("results", JSONText.array(results))])])),
        ]) + "\n"
    }

    static func level(_ severity: LintSeverity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .notice: "note"
        }
    }

    static func pascal(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A relative path as a URI reference: percent-encoded where a URI needs it.
    static func uri(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }

    // MARK: - GitHub

    /// `::error file=F,line=L,col=C,title=T::message`: one annotation a finding not
    /// acknowledged (an acknowledged one was reviewed; it is counted in the summary).
    func github() -> String {
        var out = ""
        for finding in findings where finding.acknowledged == nil {
            let place = place(finding)
            let command = finding.severity == .notice ? "notice" : finding.severity.rawValue
            var properties = ["file=\(Self.escapeProperty(place.file))"]
            if let line = place.line { properties.append("line=\(line)") }
            if let column = place.column { properties.append("col=\(column)") }
            properties.append("title=\(Self.escapeProperty("ratchet \(finding.rule.id): \(finding.rule.title)"))")
            out += "::\(command) \(properties.joined(separator: ","))::\(Self.escapeData("\(finding.message)\n\(finding.statement)"))\n"
        }
        return out + summary + "\n"
    }

    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
