/// `spanner://projects/P/instances/I/databases/GLOB`: the databases of one instance whose ids
/// match GLOB, where `*` matches any run of characters and `?` any one.
public struct FleetPattern: Sendable, Hashable, CustomStringConvertible {
    public var project: String
    public var instance: String
    public var glob: String
    public var emulator: String?

    public init(parsing text: String) throws(RatchetError) {
        // The database URL's grammar, with the glob standing in for the id; the glob's `?` is a
        // wildcard, so only `?emulator=` starts the query.
        var path = Substring(text)
        var emulator: String?
        if let query = text.range(of: "?emulator=") {
            path = text[..<query.lowerBound]
            emulator = String(text[query.upperBound...])
        }
        let parts = path.hasPrefix("spanner://") ? path.dropFirst("spanner://".count).split(separator: "/", omittingEmptySubsequences: false).map(String.init) : []
        guard parts.count == 6, parts[0] == "projects", parts[2] == "instances", parts[4] == "databases", !parts[1].isEmpty, !parts[3].isEmpty, !parts[5].isEmpty,
            emulator.map({ !$0.isEmpty && !$0.contains("&") }) ?? true
        else {
            throw RatchetError(.config, "'\(text)' is not a pattern over an instance's databases: spanner://projects/P/instances/I/databases/tenant-*")
        }
        let (project, instance, glob) = (parts[1], parts[3], parts[5])
        guard glob.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2D || $0 == 0x2A || $0 == 0x3F }) else {
            throw RatchetError(.config, "'\(glob)' in '\(text)' is not a database-id pattern: database ids hold lowercase letters, digits, '_' and '-'; '*' and '?' are the wildcards")
        }
        self.project = project
        self.instance = instance
        self.glob = glob
        self.emulator = emulator
    }

    /// The instance whose databases are listed: `projects/P/instances/I`.
    public var instanceName: String { "projects/\(project)/instances/\(instance)" }

    /// The URL of one of the instance's databases, with this pattern's emulator.
    public func url(database: String) -> DatabaseURL {
        .spanner(project: project, instance: instance, database: database, emulator: emulator)
    }

    public func matches(_ id: String) -> Bool {
        Self.match(Array(glob.utf8)[...], Array(id.utf8)[...])
    }

    /// Glob matching with backtracking on the last `*` only, which is linear enough for ids.
    private static func match(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex, t = text.startIndex
        var star: Int?, resume = t
        while t < text.endIndex {
            if p < pattern.endIndex && (pattern[p] == 0x3F || pattern[p] == text[t]) {
                p += 1
                t += 1
            } else if p < pattern.endIndex && pattern[p] == 0x2A {
                star = p
                p += 1
                resume = t
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.endIndex && pattern[p] == 0x2A { p += 1 }
        return p == pattern.endIndex
    }

    public var description: String {
        "spanner://\(instanceName)/databases/\(glob)" + (emulator.map { "?emulator=\($0)" } ?? "")
    }
}
