/// What a pre-check found.
public struct PrecheckResult: Sendable, Hashable {
    public var precheck: Precheck
    public var count: Int
    /// Keys of a few offending rows, `Id=7, Region='eu'`.
    public var samples: [String]
    /// Why the query could not run, when it could not (the statement is then left to
    /// Spanner's own validation).
    public var error: String?

    public init(precheck: Precheck, count: Int, samples: [String] = [], error: String? = nil) {
        self.precheck = precheck
        self.count = count
        self.samples = samples
        self.error = error
    }

    /// Whether the statement would fail on the rows there are now.
    public var fails: Bool { precheck.isCheck && count > 0 && error == nil }

    /// `versions/x.sql:12:1: 3 NULLs in Users.Email (NOT NULL); e.g. Id=4, Id=9`.
    public var description: String {
        let place = precheck.location.map { "\($0): " } ?? ""
        if let error { return "\(place)\(precheck.subject): not counted (\(error))" }
        if !precheck.isCheck { return "\(place)\(precheck.subject): \(count) row\(count == 1 ? "" : "s")" }
        return "\(place)\(count) \(precheck.subject)" + (samples.isEmpty ? "" : "; e.g. " + samples.joined(separator: "; "))
    }
}
