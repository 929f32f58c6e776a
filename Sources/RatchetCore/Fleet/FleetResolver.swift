import Foundation
import SpannerClient
import Synchronization

/// Turns a fleet's definition into its members: the listed databases, then each pattern's
/// matches (every page of the instance's databases, sorted by id), then the command's lines, in
/// that order, each database once.
public struct FleetResolver: Sendable {
    public let connection: LiveConnection
    /// Where the fleet's command runs: the project's directory.
    public let directory: String

    public init(connection: LiveConnection, directory: String) {
        self.connection = connection
        self.directory = directory
    }

    public func members(_ fleet: FleetDefinition) async throws(RatchetError) -> [DatabaseURL] {
        var members: [DatabaseURL] = []
        var seen: Set<String> = []
        func add(_ url: DatabaseURL) {
            // The same database reached through two sources (or two emulator spellings of one
            // address) is one member: it must not run twice at once.
            guard case .spanner(let p, let i, let d, _) = url, seen.insert("\(p)/\(i)/\(d)").inserted else { return }
            members.append(url)
        }
        fleet.databases.forEach(add)
        for pattern in fleet.patterns {
            for url in try await matches(pattern, fleet: fleet) { add(url) }
        }
        if let command = fleet.command {
            for url in try run(command, fleet: fleet) { add(url) }
        }
        guard !members.isEmpty else {
            throw RatchetError(.config, "fleet '\(fleet.name)' has no databases: its list is empty and its patterns and command found none", at: location(fleet))
        }
        return members
    }

    /// The databases of the pattern's instance whose ids match it, sorted by id.
    func matches(_ pattern: FleetPattern, fleet: FleetDefinition) async throws(RatchetError) -> [DatabaseURL] {
        guard let client = try connection.client(pattern.url(database: "x")) else { return [] }
        let listed: [Database]
        do {
            listed = try await client.listDatabases(instance: pattern.instanceName)
        } catch {
            throw RatchetError(.database, "fleet '\(fleet.name)': cannot list the databases of \(pattern.instanceName) for the pattern \(pattern): \(error.message)", at: location(fleet))
        }
        let ids = listed.compactMap { $0.name?.split(separator: "/").last.map(String.init) }.filter(pattern.matches).sorted()
        return ids.map(pattern.url(database:))
    }

    /// The command's output, a URL a line.
    func run(_ command: String, fleet: FleetDefinition) throws(RatchetError) -> [DatabaseURL] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw RatchetError(.config, "fleet '\(fleet.name)': cannot run its command `\(command)`: \(error.localizedDescription)", at: location(fleet))
        }
        // Both pipes are drained at once, so a chatty command cannot fill one and stall.
        let errors = ErrorText()
        let drained = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            errors.set(err.fileHandleForReading.readDataToEndOfFile())
            drained.signal()
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        drained.wait()
        guard process.terminationStatus == 0 else {
            let detail = errors.text.trimmingCharacters(in: .whitespacesAndNewlines)
            throw RatchetError(
                .config, "fleet '\(fleet.name)': its command `\(command)` exited with status \(process.terminationStatus)" + (detail.isEmpty ? "" : ": \(detail.prefix(500))"), at: location(fleet))
        }
        var urls: [DatabaseURL] = []
        for (index, line) in String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") { continue }
            do throws(RatchetError) {
                let url = try DatabaseURL(parsing: text)
                guard url != .local else { throw RatchetError(.config, "a fleet's members are spanner:// databases, not the local sandbox") }
                urls.append(url)
            } catch {
                throw RatchetError(.config, "fleet '\(fleet.name)': line \(index + 1) of the output of `\(command)`: \(error.message)", at: location(fleet))
            }
        }
        return urls
    }

    private func location(_ fleet: FleetDefinition) -> String {
        fleet.line.map { "\(fleet.file):\($0)" } ?? fleet.file
    }
}

/// What a command wrote to standard error, read on a thread of its own.
private final class ErrorText: Sendable {
    private let data = Mutex<Data>(Data())
    func set(_ value: Data) { data.withLock { $0 = value } }
    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}
