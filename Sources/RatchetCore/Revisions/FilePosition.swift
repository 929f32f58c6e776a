/// Where a statement of a revision starts: its file, line and column, as the parser found
/// them. Carried with the statement through planning and running, so that every error and
/// plan line names it without searching for the statement again.
public struct FilePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:col`, as compilers print it.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: FilePosition, b: FilePosition) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

extension RatchetError {
    public init(_ kind: Kind, _ message: String, at position: FilePosition, details: [String] = []) {
        self.init(kind, message, at: position.description, details: details)
    }
}
