import Foundation

/// A project on disk: its config, the headers of every revision file, and the graph they form.
public struct Project: Sendable {
    public let config: ProjectConfig
    public let graph: RevisionGraph

    public init(config: ProjectConfig) throws(RatchetError) {
        self.config = config
        self.graph = try RevisionGraph(Self.readHeaders(config.migrationsDirectory))
    }

    /// Every `*.sql` file of the migrations directory, headers only.
    static func readHeaders(_ directory: String) throws(RatchetError) -> [Revision] {
        guard FileSystem.isDirectory(directory) else {
            throw RatchetError(.io, "the migrations directory does not exist; create it, fix 'migrations' in ratchet.toml, or run `ratchet init`", at: directory)
        }
        var revisions: [Revision] = []
        for name in try FileSystem.list(directory) where name.hasSuffix(".sql") && !name.hasPrefix(".") {
            let path = directory + "/" + name
            revisions.append(try RevisionFile.header(of: try FileSystem.read(path), file: path))
        }
        return revisions
    }

    public func revision(_ id: String) -> Revision { graph.revisions[id]! }

    /// The parsed sections of a revision.
    public func body(of id: String) throws(RatchetError) -> RevisionBody {
        let file = graph.revisions[id]!.file
        return try RevisionFile.body(of: try FileSystem.read(file), file: file)
    }
}
