import SpannerDDL

/// A name as Spanner resolves it: case-insensitively.
///
/// Objects keep the case they were written with; lookups go through `NameKey`, so `Singers`,
/// `SINGERS` and `` `singers` `` are the same table.
public struct NameKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: String

    public init(_ name: ObjectName) {
        value = name.parts.map { $0.name.uppercased() }.joined(separator: ".")
    }

    public init(_ identifier: Identifier) {
        value = identifier.name.uppercased()
    }

    public static func < (lhs: NameKey, rhs: NameKey) -> Bool { lhs.value < rhs.value }
    public var description: String { value }
}

extension Identifier {
    /// Spanner's name equality: ASCII case-insensitive.
    public func matches(_ other: Identifier) -> Bool { NameKey(self) == NameKey(other) }
}

extension ObjectName {
    public func matches(_ other: ObjectName) -> Bool { NameKey(self) == NameKey(other) }
}
