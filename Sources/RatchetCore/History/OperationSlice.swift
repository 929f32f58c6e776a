/// Where a revision's statements sat in a schema operation: the `Operation` column of the
/// history, written before the operation is sent so that a later run can settle it exactly.
///
/// Stored as `NAME#START:COUNT` (the statements `START..<START+COUNT` of the batch belong to the
/// revision) or `NAME#refused` (Spanner refused the batch at request time, so none of it ran).
public enum OperationSlice: Sendable, Hashable, CustomStringConvertible {
    case statements(operation: String, start: Int, count: Int)
    case refused(operation: String)

    /// Reads a stored value; nil for one this version cannot read (it is then left alone).
    public init?(recorded: String) {
        guard let hash = recorded.lastIndex(of: "#") else { return nil }
        let operation = String(recorded[..<hash])
        let tail = recorded[recorded.index(after: hash)...]
        if tail == "refused" {
            self = .refused(operation: operation)
            return
        }
        let parts = tail.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Int(parts[0]), let count = Int(parts[1]), start >= 0, count >= 0 else { return nil }
        self = .statements(operation: operation, start: start, count: count)
    }

    /// The schema operation's resource name.
    public var operation: String {
        switch self {
        case .statements(let operation, _, _), .refused(let operation): operation
        }
    }

    /// How many of the slice's statements ran, given how many of the whole batch committed.
    public func committed(ofBatch committed: Int) -> Int {
        guard case .statements(_, let start, let count) = self else { return 0 }
        return max(0, min(count, committed - start))
    }

    /// The stored form.
    public var description: String {
        switch self {
        case .statements(let operation, let start, let count): "\(operation)#\(start):\(count)"
        case .refused(let operation): "\(operation)#refused"
        }
    }
}
