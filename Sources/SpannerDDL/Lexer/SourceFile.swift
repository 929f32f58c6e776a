/// A DDL source text and the name it is reported under.
///
/// The parser works on UTF-8 bytes; line and column are computed only when a diagnostic needs them.
public struct SourceFile: Sendable {
    /// The name used in diagnostics: a path, `<stdin>`, or a revision file name.
    public var name: String
    public let bytes: [UInt8]

    public init(name: String, text: String) {
        self.name = name
        self.bytes = Array(text.utf8)
    }

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    /// The text of a byte range, decoded as UTF-8 (invalid sequences become U+FFFD).
    public func text(_ range: Range<Int>) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// A table of line starts for turning byte offsets into line and column.
    public func makeLineTable() -> LineTable { LineTable(bytes: bytes) }

    /// The location of one byte offset. For many offsets, use `makeLineTable()` once.
    public func location(of offset: Int) -> SourceLocation { makeLineTable().location(of: offset, in: bytes) }
}

/// A 1-based line and column (columns count Unicode scalars, as an editor shows them).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    /// The byte offset in the source.
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool { lhs.offset < rhs.offset }
    public var description: String { "\(line):\(column)" }
}

/// Byte offsets of line starts, for binary search.
public struct LineTable: Sendable {
    public let lineStarts: [Int]

    init(bytes: [UInt8]) {
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
    }

    /// The 0-based line index that holds `offset`.
    public func lineIndex(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    public func location(of offset: Int, in bytes: [UInt8]) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        let line = lineIndex(of: clamped)
        var column = 1
        var i = lineStarts[line]
        while i < clamped {
            // Count scalar starts only: continuation bytes are 0b10xxxxxx.
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourceLocation(line: line + 1, column: column, offset: clamped)
    }

    /// The text of the line holding `offset`, without its line terminator.
    public func lineText(containing offset: Int, in bytes: [UInt8]) -> String {
        let line = lineIndex(of: max(0, min(offset, bytes.count)))
        let start = lineStarts[line]
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
