/// One rule a statement of a migration breaks.
public struct LintFinding: Sendable, Hashable {
    public var rule: LintRule
    public var severity: LintSeverity
    /// What this statement does that the rule is about, naming the objects.
    public var message: String
    /// The statement's place in its revision file; nil for a plan not yet written (`lint --declared`).
    public var location: FilePosition?
    public var revision: String?
    /// The statement, first line.
    public var statement: String
    /// The reason given by `-- ratchet:lint-ignore RULE reason`, when acknowledged.
    public var acknowledged: String?

    public init(rule: LintRule, message: String, location: FilePosition? = nil, revision: String? = nil, statement: String, acknowledged: String? = nil) {
        self.rule = rule
        self.severity = rule.defaultSeverity
        self.message = message
        self.location = location
        self.revision = revision
        self.statement = statement
        self.acknowledged = acknowledged
    }

    /// Whether it fails `ratchet lint`: an error nobody acknowledged.
    public var isBlocking: Bool { severity == .error && acknowledged == nil }
}
