/// One revision: its place in the graph, from the header of its file.
///
/// The DDL of its sections is parsed only when a command needs it (`RevisionFile.body`), so
/// that `history` and `heads` on thousands of revisions read headers alone.
public struct Revision: Sendable, Hashable {
    public var id: String
    /// Parent ids: none for a base, two or more for a merge.
    public var parents: [String]
    public var message: String
    /// ISO 8601 UTC, as written.
    public var created: String
    public var branchLabels: [String]
    /// Revisions that must be applied first without being parents (a cross-branch dependency).
    public var dependsOn: [String]
    /// The file it was read from (empty for one not yet written).
    public var file: String
    /// The line of each header key in `file`, for errors.
    public var headerLines: [String: Int]

    public init(
        id: String, parents: [String], message: String, created: String, branchLabels: [String] = [],
        dependsOn: [String] = [], file: String = "", headerLines: [String: Int] = [:]
    ) {
        self.id = id
        self.parents = parents
        self.message = message
        self.created = created
        self.branchLabels = branchLabels
        self.dependsOn = dependsOn
        self.file = file
        self.headerLines = headerLines
    }

    public var isMerge: Bool { parents.count > 1 }
    public var isBase: Bool { parents.isEmpty }

    /// `file:line` of a header key, or the file.
    func location(of key: String) -> String {
        headerLines[key].map { "\(file):\($0)" } ?? file
    }
}
