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
        if name == other.name { return true }
        guard name.utf8.count == other.name.utf8.count else { return false }
        let ascii: Bool?? = name.utf8.withContiguousStorageIfAvailable { a in
            other.name.utf8.withContiguousStorageIfAvailable { b in Self.asciiCaseInsensitiveEqual(a, b) } ?? nil
        }
        if let known = ascii ?? nil { return known }
        return NameKey(self) == NameKey(other)
    }

    /// `true` or `false` when both are ASCII and equal (or not) ignoring case; `nil` when either
    /// holds other characters, which need Unicode upper-casing.
    private static func asciiCaseInsensitiveEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        var equal = true
        for i in 0..<a.count {
            let x = a[i], y = b[i]
            if (x | y) >= 0x80 { return nil }
            let lx = (x &- 0x41) < 26 ? x | 0x20 : x
            let ly = (y &- 0x41) < 26 ? y | 0x20 : y
            if lx != ly { equal = false }
        }
        return equal
    }
}

extension ObjectName {
    public func matches(_ other: ObjectName) -> Bool {
        parts.count == other.parts.count && zip(parts, other.parts).allSatisfy { $0.matches($1) }
    }
}
