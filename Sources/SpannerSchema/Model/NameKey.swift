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
    /// Spanner's name equality: case-insensitive, compared without allocating (this runs for
    /// every column lookup).
    public func matches(_ other: Identifier) -> Bool {
        let a = name.utf8, b = other.name.utf8
        guard a.count == b.count else { return false }
        var ascii = true
        for (x, y) in zip(a, b) {
            if x >= 0x80 || y >= 0x80 { ascii = false; break }
            let lx = (x >= 0x41 && x <= 0x5A) ? x | 0x20 : x
            let ly = (y >= 0x41 && y <= 0x5A) ? y | 0x20 : y
            if lx != ly { return false }
        }
        return ascii || NameKey(self) == NameKey(other)
    }
}

extension ObjectName {
    public func matches(_ other: ObjectName) -> Bool {
        parts.count == other.parts.count && zip(parts, other.parts).allSatisfy { $0.matches($1) }
    }
}
