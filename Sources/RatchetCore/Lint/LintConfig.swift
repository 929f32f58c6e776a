/// `[lint]` in ratchet.toml: rules switched off, severities changed, and a baseline revision
/// at or before which nothing is reported (for adopting lint on a long history).
///
/// ```toml
/// [lint]
/// disable = ["backfill-index"]
/// baseline = "a7f6c9d8eafb"
/// [lint.severity]
/// drop-index = "error"
/// ```
public struct LintConfig: Sendable, Hashable {
    public var disabled: Set<LintRule> = []
    public var severities: [LintRule: LintSeverity] = [:]
    public var baseline: String?
    /// Where `baseline` was set, for the error when it names no revision.
    public var baselineLine: Int?

    public init() {}

    /// The findings as configured: disabled rules dropped, severities changed, and those of
    /// revisions at or before the baseline left out.
    public func apply(_ findings: [LintFinding], project: Project, file: String) throws(RatchetError) -> [LintFinding] {
        var hidden: Set<String> = []
        if let baseline {
            let goals: [String]
            do throws(RatchetError) {
                goals = try project.graph.goals(of: try RevisionTarget(parsing: baseline))
            } catch {
                throw .config("[lint] baseline '\(baseline)': \(error.message)", file: file, line: baselineLine)
            }
            hidden = project.graph.ancestors(of: goals)
        }
        return findings.compactMap { finding in
            guard !disabled.contains(finding.rule), finding.revision.map({ !hidden.contains($0) }) ?? true else { return nil }
            var configured = finding
            configured.severity = severities[finding.rule] ?? finding.rule.defaultSeverity
            return configured
        }
    }
}
