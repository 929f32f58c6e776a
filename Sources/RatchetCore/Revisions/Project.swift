import Foundation
import Synchronization

/// A project on disk: its config, the headers of every revision file, and the graph they form.
public struct Project: Sendable {
    public let config: ProjectConfig
    public let graph: RevisionGraph
    /// Bodies parsed so far: a downgrade replays the upgrades before it plans, and a command
    /// should parse each file once.
    private let parsed: BodyCache

    public init(config: ProjectConfig) throws(RatchetError) {
        self.config = config
        self.graph = try RevisionGraph(Self.readHeaders(config.migrationsDirectory))
        self.parsed = BodyCache()
    }

    private init(config: ProjectConfig, graph: RevisionGraph, parsed: BodyCache) {
        self.config = config
        self.graph = graph
        self.parsed = parsed
    }

    /// The same project aimed at another database (a fleet's member): the files are read and
    /// parsed once for all of them.
    public func on(_ database: DatabaseURL) -> Project {
        var config = self.config
        config.database = database
        return Project(config: config, graph: graph, parsed: parsed)
    }

    /// Every `*.sql` file of the migrations directory, headers only.
    static func readHeaders(_ directory: String) throws(RatchetError) -> [Revision] {
        guard FileSystem.isDirectory(directory) else {
            throw RatchetError(.io, "the migrations directory does not exist; create it, fix 'migrations' in ratchet.toml, or run `ratchet init`", at: directory)
        }
        // Paths in messages are relative to the working directory when the files are below it.
        let cwd = FileManager.default.currentDirectoryPath
        let shown = directory.hasPrefix(cwd + "/") ? String(directory.dropFirst(cwd.count + 1)) : directory
        let paths = try FileSystem.list(directory).filter { $0.hasSuffix(".sql") && !$0.hasPrefix(".") }.map { shown + "/" + $0 }
        // Reading thousands of small files is mostly system calls: spread them over the cores.
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, paths.count / 256))
        let results = ResultSlots<Result<[Revision], RatchetError>>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            results.set(chunk, readHeaders(paths, stride(from: chunk, to: paths.count, by: chunks)))
        }
        var revisions: [Revision] = []
        revisions.reserveCapacity(paths.count)
        var firstFailure: RatchetError?
        for result in results.values {
            switch result {
            case .success(let list): revisions += list
            case .failure(let error):
                // Report the failure of the first file in name order, whichever thread found it.
                if firstFailure == nil || (error.location ?? "") < (firstFailure!.location ?? "") { firstFailure = error }
            case nil: break
            }
        }
        if let firstFailure { throw firstFailure }
        return revisions
    }

    private static func readHeaders(_ paths: [String], _ indexes: StrideTo<Int>) -> Result<[Revision], RatchetError> {
        var revisions: [Revision] = []
        for index in indexes {
            do {
                revisions.append(try RevisionFile.header(of: try FileSystem.read(paths[index]), file: paths[index]))
            } catch {
                return .failure(error)
            }
        }
        return .success(revisions)
    }

    public func revision(_ id: String) -> Revision { graph.revisions[id]! }

    /// The parsed sections of a revision.
    public func body(of id: String) throws(RatchetError) -> RevisionBody {
        if let known = parsed.get(id) { return known }
        let file = graph.revisions[id]!.file
        let body = try RevisionFile.body(of: try FileSystem.read(file), file: file, dialect: config.dialect)
        parsed.set(id, body)
        return body
    }

    /// The parsed sections of several revisions, in order, read and parsed on every core; the
    /// first failure in `ids` order is the one reported.
    public func bodies(of ids: [String]) throws(RatchetError) -> [RevisionBody] {
        guard ids.count > 64 else {
            var result: [RevisionBody] = []
            for id in ids { result.append(try body(of: id)) }
            return result
        }
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, ids.count / 64))
        let slots = ResultSlots<Result<[RevisionBody], RatchetError>>(count: chunks)
        let size = (ids.count + chunks - 1) / chunks
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var part: [RevisionBody] = []
            for id in ids[min(ids.count, chunk * size)..<min(ids.count, (chunk + 1) * size)] {
                switch Result(catching: { () throws(RatchetError) in try body(of: id) }) {
                case .success(let body): part.append(body)
                case .failure(let error):
                    slots.set(chunk, .failure(error))
                    return
                }
            }
            slots.set(chunk, .success(part))
        }
        var result: [RevisionBody] = []
        result.reserveCapacity(ids.count)
        for slot in slots.values {
            switch slot {
            case .success(let part)?: result += part
            case .failure(let error)?: throw error
            case nil: break
            }
        }
        return result
    }
}

/// Parsed revision bodies by id, shared by copies of a project.
private final class BodyCache: Sendable {
    private let bodies = Mutex<[String: RevisionBody]>([:])
    func get(_ id: String) -> RevisionBody? { bodies.withLock { $0[id] } }
    func set(_ id: String, _ body: RevisionBody) { bodies.withLock { $0[id] = body } }
}

/// One slot per concurrent task, written once each.
private final class ResultSlots<Value: Sendable>: Sendable {
    private let slots: Mutex<[Value?]>
    init(count: Int) { slots = Mutex([Value?](repeating: nil, count: count)) }
    func set(_ index: Int, _ value: Value) { slots.withLock { $0[index] = value } }
    var values: [Value?] { slots.withLock { $0 } }
}
