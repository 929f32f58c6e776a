import Foundation

/// The recorded Spanner behaviours in a directory of `.sqltest` files.
public struct BehaviourCorpus: Sendable {
    public var cases: [BehaviourCase]

    /// Reads every `.sqltest` file under `directory`, in name order.
    public init(directory: URL) throws {
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sqltest" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        var cases: [BehaviourCase] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            cases += try BehaviourCase.parse(text, file: file.lastPathComponent)
        }
        self.cases = cases
    }

    /// Runs every case.
    public func run(parseOnly: Bool = false) -> [BehaviourOutcome] { cases.map { $0.run(parseOnly: parseOnly) } }

    /// A summary: agreement overall and per file, then every disagreement.
    public static func report(_ outcomes: [BehaviourOutcome], verbose: Bool = true) -> String {
        var lines: [String] = []
        let agreed = outcomes.filter(\.agrees).count
        let percent = outcomes.isEmpty ? 100 : Double(agreed) * 100 / Double(outcomes.count)
        lines.append("agreement: \(agreed)/\(outcomes.count) (\(Int(percent * 10) / 10).\(Int(percent * 10) % 10)%)")
        let byFile = Dictionary(grouping: outcomes, by: \.testCase.file)
        for file in byFile.keys.sorted() {
            let group = byFile[file] ?? []
            lines.append("  \(file): \(group.filter(\.agrees).count)/\(group.count)")
        }
        guard verbose else { return lines.joined(separator: "\n") }
        for outcome in outcomes where !outcome.agrees {
            let c = outcome.testCase
            let what: String
            switch outcome.result {
            case .agrees: continue
            case .setupRejected(let message): what = "setup rejected: \(message)"
            case .acceptedButSpannerRejects: what = "accepted; Spanner rejects"
            case .rejectedButSpannerAccepts(let message): what = "rejected; Spanner accepts: \(message)"
            case .wrongError(let message): what = "rejected for another reason: \(message)"
            }
            lines.append("\(c.location): \(c.name): \(what.replacingOccurrences(of: "\n", with: " ⏎ "))")
        }
        return lines.joined(separator: "\n")
    }
}
