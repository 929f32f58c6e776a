import SpannerDDL
import SpannerSchema

/// One recorded Spanner behaviour: a schema, a schema change, and whether Spanner accepts it.
///
/// Cases live in `.sqltest` files:
///
/// ```
/// === a child key column must match its parent's nullability
/// # source: DDL reference, CREATE TABLE, INTERLEAVE IN PARENT
/// CREATE TABLE P (K INT64 NOT NULL) PRIMARY KEY (K);
/// --- apply
/// CREATE TABLE C (K INT64, C INT64) PRIMARY KEY (K, C), INTERLEAVE IN PARENT P;
/// --- expect error: nullability
/// ```
///
/// The lines between the header and `--- apply` are the setup, which must be accepted; the
/// statements after `--- apply` are the change, applied in order as one schema update. The
/// expectation is `ok` or `error`, optionally followed by `: text` that the error must contain
/// (case-insensitively).
public struct BehaviourCase: Sendable, Hashable {
    public enum Expectation: Sendable, Hashable {
        case accepted
        case rejected(containing: String?)
    }

    public var name: String
    public var file: String
    public var line: Int
    public var source: String?
    public var setup: String
    public var change: String
    public var expectation: Expectation

    public var location: String { "\(file):\(line)" }
}

/// What running a case gave.
public struct BehaviourOutcome: Sendable {
    public enum Result: Sendable, Equatable {
        case agrees
        /// The setup itself was refused: the engine disagrees with Spanner before the change.
        case setupRejected(String)
        case acceptedButSpannerRejects
        case rejectedButSpannerAccepts(String)
        case wrongError(String)
    }

    public var testCase: BehaviourCase
    public var result: Result

    public var agrees: Bool { result == .agrees }
}

// MARK: - Reading

extension BehaviourCase {
    /// Reads every case of one `.sqltest` file.
    public static func parse(_ text: String, file: String) throws(BehaviourCorpusError) -> [BehaviourCase] {
        var cases: [BehaviourCase] = []
        var current: (name: String, line: Int, source: String?, setup: [String], change: [String], inChange: Bool)?

        func finish(expectation: Expectation) throws(BehaviourCorpusError) {
            guard let c = current else { return }
            cases.append(
                BehaviourCase(
                    name: c.name, file: file, line: c.line, source: c.source,
                    setup: c.setup.joined(separator: "\n"), change: c.change.joined(separator: "\n"),
                    expectation: expectation))
            current = nil
        }

        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine)
            let number = index + 1
            if line.hasPrefix("=== ") {
                if let c = current { throw BehaviourCorpusError(file: file, line: c.line, message: "case '\(c.name)' has no '--- expect' line") }
                current = (String(line.dropFirst(4)).trimmed, number, nil, [], [], false)
            } else if current == nil {
                if !line.trimmed.isEmpty && !line.hasPrefix("#") {
                    throw BehaviourCorpusError(file: file, line: number, message: "text outside a case; start one with '=== name'")
                }
            } else if line.hasPrefix("# source:") {
                current?.source = String(line.dropFirst("# source:".count)).trimmed
            } else if line.trimmed == "--- apply" {
                current?.inChange = true
            } else if line.hasPrefix("--- expect") {
                let rest = line.dropFirst("--- expect".count).trimmed
                if current?.inChange != true { throw BehaviourCorpusError(file: file, line: number, message: "'--- expect' before '--- apply'") }
                if rest == "ok" {
                    try finish(expectation: .accepted)
                } else if rest.hasPrefix("error") {
                    let detail = rest.dropFirst("error".count).trimmed
                    let text = detail.hasPrefix(":") ? String(detail.dropFirst()).trimmed : ""
                    try finish(expectation: .rejected(containing: text.isEmpty ? nil : text))
                } else {
                    throw BehaviourCorpusError(file: file, line: number, message: "expected '--- expect ok' or '--- expect error[: text]'")
                }
            } else if current?.inChange == true {
                current?.change.append(line)
            } else {
                current?.setup.append(line)
            }
        }
        if let c = current { throw BehaviourCorpusError(file: file, line: c.line, message: "case '\(c.name)' has no '--- expect' line") }
        return cases
    }
}

/// A malformed corpus file.
public struct BehaviourCorpusError: Error, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { "\(file):\(line): error: \(message)" }
}

// MARK: - Running

extension BehaviourCase {
    /// Applies the setup, then the change, through the parser and the rule engine; with
    /// `parseOnly`, only whether the change parses is compared (for grammar cases).
    public func run(parseOnly: Bool = false) -> BehaviourOutcome {
        if parseOnly {
            let document = DDLDocument.parse(change)
            let outcome: Applied = document.errors.first.map { .failure($0.description) } ?? .success
            return compare(outcome)
        }
        var schema = Schema()
        switch Self.apply(setup, to: &schema) {
        case .failure(let message): return BehaviourOutcome(testCase: self, result: .setupRejected(message))
        case .success: break
        }
        return compare(Self.apply(change, to: &schema))
    }

    private func compare(_ outcome: Applied) -> BehaviourOutcome {
        switch (outcome, expectation) {
        case (.success, .accepted): return BehaviourOutcome(testCase: self, result: .agrees)
        case (.success, .rejected): return BehaviourOutcome(testCase: self, result: .acceptedButSpannerRejects)
        case (.failure(let message), .accepted): return BehaviourOutcome(testCase: self, result: .rejectedButSpannerAccepts(message))
        case (.failure(let message), .rejected(let expected)):
            if let expected, !message.lowercased().contains(expected.lowercased()) {
                return BehaviourOutcome(testCase: self, result: .wrongError(message))
            }
            return BehaviourOutcome(testCase: self, result: .agrees)
        }
    }

    enum Applied { case success, failure(String) }

    /// Parses `text` and applies its statements; a syntax error counts as a rejection.
    static func apply(_ text: String, to schema: inout Schema) -> Applied {
        let document = DDLDocument.parse(text)
        if let error = document.errors.first { return .failure(error.description) }
        // A schema update is all-or-nothing for validation errors in Spanner, so the change is
        // applied to a copy.
        var copy = schema
        do {
            try copy.apply(document.statementList)
        } catch {
            return .failure(error.description)
        }
        schema = copy
        return .success
    }
}

extension StringProtocol {
    var trimmed: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}
