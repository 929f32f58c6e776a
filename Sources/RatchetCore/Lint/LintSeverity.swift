/// How much a finding matters: an error fails `ratchet lint` unless acknowledged.
public enum LintSeverity: String, Sendable, Hashable, CaseIterable, Comparable {
    case error, warning, notice

    public static func < (a: LintSeverity, b: LintSeverity) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) > (allCases.firstIndex(of: b) ?? 0)
    }
}
