/// `OPTIONS (name = value, ...)`, in the order written.
///
/// Values are literals (strings, numbers, booleans, NULL, arrays), kept as canonical expressions.
/// The schema model compares option lists as maps; the syntax keeps the written order.
public struct OptionList: Sendable, Hashable {
    public var entries: [Option]

    public init(_ entries: [Option] = []) { self.entries = entries }

    public struct Option: Sendable, Hashable {
        public var name: Identifier
        public var value: Expression
        public init(name: Identifier, value: Expression) {
            self.name = name
            self.value = value
        }
    }

    /// The value of the option named `name` (compared case-insensitively), if any.
    public subscript(name: String) -> Expression? {
        entries.last { $0.name.name.caseInsensitiveCompare(name) }?.value
    }
}

extension String {
    /// ASCII case-insensitive equality, as GoogleSQL compares names.
    func caseInsensitiveCompare(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        for (a, b) in zip(utf8, other.utf8) {
            let la = (a >= 0x41 && a <= 0x5A) ? a | 0x20 : a
            let lb = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
            if la != lb { return false }
        }
        return true
    }
}
