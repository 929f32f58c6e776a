import Foundation
import SpannerDDL

/// A project's settings: `ratchet.toml`, then the chosen environment's table, then `RATCHET_*`
/// environment variables, then flags. Every path is absolute once resolved.
public struct ProjectConfig: Sendable, Hashable {
    /// The config file, or empty when there is none.
    public var file: String
    /// The directory relative paths in the file start from.
    public var root: String
    public var environment: String?
    public var migrationsDirectory: String
    public var schemaFile: String
    public var database: DatabaseURL
    public var sandboxFile: String
    /// The plan cache; empty when `cache = "off"`.
    public var cacheFile: String
    public var versionTablePrefix: String
    /// The SQL dialect of the project's databases, schema file and revisions.
    public var dialect: Dialect = .googleSQL
    /// `[fleet.NAME]` tables: groups of databases that share this history.
    public var fleets: [String: FleetDefinition] = [:]
    /// `[lint]`: which rules report, and how loudly.
    public var lint = LintConfig()

    /// What each setting is called in the file, the environment and the flags.
    public enum Key: String, CaseIterable, Sendable {
        case migrations, schema, database, sandbox, cache
        case versionTablePrefix = "version_table_prefix"
        case dialect

        var environmentVariable: String { "RATCHET_" + rawValue.uppercased() }
    }

    /// Values given on the command line, which override everything else.
    public struct Overrides: Sendable {
        public var environment: String?
        public var values: [Key: String]
        public init(environment: String? = nil, values: [Key: String] = [:]) {
            self.environment = environment
            self.values = values
        }
    }

    public static let fileName = "ratchet.toml"

    /// Loads `path` (or `./ratchet.toml`) and applies the overrides.
    public static func load(
        path: String?, overrides: Overrides = Overrides(), environment variables: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(RatchetError) -> ProjectConfig {
        let explicit = path ?? variables["RATCHET_CONFIG"]
        let file = absolute(explicit ?? fileName, from: workingDirectory)
        guard FileSystem.exists(file) else {
            if explicit != nil { throw .config("the config file does not exist", file: file) }
            throw .config("no \(fileName) here; run `ratchet init` to create a project, or pass --config PATH", file: workingDirectory)
        }
        let bytes = try FileSystem.read(file)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .config("the file is not valid UTF-8", file: file) }
        let entries = try TOMLReader(file: file).read(text)
        let root = URL(fileURLWithPath: file).deletingLastPathComponent().path
        var config = ProjectConfig(
            file: file, root: root, environment: nil,
            migrationsDirectory: absolute("versions", from: root), schemaFile: absolute("schema.sql", from: root),
            database: .local, sandboxFile: absolute(".ratchet/sandbox.sqlite", from: root),
            cacheFile: absolute(".ratchet/ratchet.sqlite", from: root), versionTablePrefix: "ratchet_")

        // Which environment: flag, then RATCHET_ENV, then default_env in the file.
        var defaultEnvironment: String?
        var environments: [String: [TOMLReader.Entry]] = [:]
        var topLevel: [TOMLReader.Entry] = []
        for entry in entries {
            let parts = entry.key.split(separator: ".", maxSplits: 2).map(String.init)
            if entry.key == "default_env" {
                guard case .string(let name) = entry.value else { throw .config("'default_env' must be a string, not \(entry.value.typeName)", file: file, line: entry.line) }
                defaultEnvironment = name
            } else if parts.count == 3 && parts[0] == "env" {
                var scoped = entry
                scoped.key = parts[2]
                environments[parts[1], default: []].append(scoped)
            } else if parts.count == 1 || parts[0] == "fleet" || parts[0] == "lint" {
                topLevel.append(entry)
            } else {
                throw .config("unknown setting '\(entry.key)'; settings are \(Key.allCases.map(\.rawValue).joined(separator: ", ")), default_env, and [env.NAME] tables of them", file: file, line: entry.line)
            }
        }
        for entry in topLevel { try config.set(entry, file: file, root: root) }
        // Every environment's settings are checked, not only the chosen one's: a typo in
        // [env.prod] should not wait for the production deploy to surface.
        for name in environments.keys.sorted() {
            var probe = config
            for entry in environments[name] ?? [] { try probe.set(entry, file: file, root: root) }
        }
        let chosen = overrides.environment ?? variables["RATCHET_ENV"] ?? defaultEnvironment
        if let chosen {
            guard let scoped = environments[chosen] else {
                let known = environments.keys.sorted()
                let source = overrides.environment != nil ? "--env" : variables["RATCHET_ENV"] != nil ? "RATCHET_ENV" : "default_env"
                throw .config("\(source) names the environment '\(chosen)', but the file has no [env.\(chosen)] table" + (known.isEmpty ? "" : "; it has \(known.joined(separator: ", "))"), file: file)
            }
            config.environment = chosen
            for entry in scoped { try config.set(entry, file: file, root: root) }
        }
        for key in Key.allCases {
            if let value = variables[key.environmentVariable] {
                try config.set(key, value, source: "the environment variable \(key.environmentVariable)", file: file, line: nil, root: workingDirectory)
            }
        }
        for (key, value) in overrides.values.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            try config.set(key, value, source: "--\(key.rawValue.replacingOccurrences(of: "_", with: "-"))", file: file, line: nil, root: workingDirectory)
        }
        return config
    }

    private mutating func set(_ entry: TOMLReader.Entry, file: String, root: String) throws(RatchetError) {
        if entry.key == "fleet" || entry.key.hasPrefix("fleet.") {
            try setFleet(entry, file: file)
            return
        }
        if entry.key == "lint" || entry.key.hasPrefix("lint.") {
            try setLint(entry, file: file)
            return
        }
        guard let key = Key(rawValue: entry.key) else {
            throw .config("unknown setting '\(entry.key)'; settings are \(Key.allCases.map(\.rawValue).joined(separator: ", "))", file: file, line: entry.line)
        }
        guard case .string(let value) = entry.value else {
            throw .config("'\(entry.key)' must be a string, not \(entry.value.typeName)", file: file, line: entry.line)
        }
        try set(key, value, source: "'\(entry.key)'", file: file, line: entry.line, root: root)
    }

    private mutating func set(_ key: Key, _ value: String, source: String, file: String, line: Int?, root: String) throws(RatchetError) {
        guard !value.isEmpty else { throw .config("\(source) is empty", file: file, line: line) }
        switch key {
        case .migrations: migrationsDirectory = Self.absolute(value, from: root)
        case .schema: schemaFile = Self.absolute(value, from: root)
        case .sandbox: sandboxFile = Self.absolute(value, from: root)
        case .cache: cacheFile = value == "off" ? "" : Self.absolute(value, from: root)
        case .database:
            do {
                database = try DatabaseURL(parsing: value)
            } catch {
                throw .config("\(source): \(error.message)", file: file, line: line)
            }
        case .versionTablePrefix:
            guard value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F }),
                let first = value.utf8.first, !(first >= 0x30 && first <= 0x39)
            else {
                throw .config("\(source) must start with a letter or '_' and hold only letters, digits and '_', since it prefixes table names", file: file, line: line)
            }
            versionTablePrefix = value
        case .dialect:
            guard let parsed = Dialect(name: value) else {
                throw .config("\(source) is '\(value)'; a dialect is \"googlesql\" or \"postgresql\"", file: file, line: line)
            }
            dialect = parsed
        }
    }

    /// One key of a `[fleet.NAME]` table.
    private mutating func setFleet(_ entry: TOMLReader.Entry, file: String) throws(RatchetError) {
        let parts = entry.key.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        let keys = FleetDefinition.Key.allCases.map(\.rawValue).joined(separator: ", ")
        guard parts.count == 3, !parts[1].isEmpty, let key = FleetDefinition.Key(rawValue: parts[2]) else {
            throw .config("unknown setting '\(entry.key)'; a fleet is a table [fleet.NAME] with \(keys)", file: file, line: entry.line)
        }
        let name = parts[1]
        var fleet = fleets[name] ?? FleetDefinition(name: name, file: file, line: entry.line)
        func strings() throws(RatchetError) -> [String] {
            switch entry.value {
            case .string(let value): return [value]
            case .array(let values):
                var result: [String] = []
                for value in values {
                    guard case .string(let text) = value else { throw .config("'\(entry.key)' must hold strings, not \(value.typeName)", file: file, line: entry.line) }
                    result.append(text)
                }
                return result
            default: throw .config("'\(entry.key)' must be a string or an array of strings, not \(entry.value.typeName)", file: file, line: entry.line)
            }
        }
        switch key {
        case .databases:
            for text in try strings() {
                let url: DatabaseURL
                do { url = try DatabaseURL(parsing: text) } catch { throw .config("'\(entry.key)': \(error.message)", file: file, line: entry.line) }
                guard url != .local else { throw .config("'\(entry.key)': a fleet's members are spanner:// databases, not the local sandbox", file: file, line: entry.line) }
                fleet.databases.append(url)
            }
        case .pattern, .patterns:
            for text in try strings() {
                do { fleet.patterns.append(try FleetPattern(parsing: text)) } catch { throw .config("'\(entry.key)': \(error.message)", file: file, line: entry.line) }
            }
        case .command:
            guard case .string(let command) = entry.value, !command.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw .config("'\(entry.key)' must be a command line (a non-empty string)", file: file, line: entry.line)
            }
            fleet.command = command
        }
        fleets[name] = fleet
    }

    /// One key of the `[lint]` table.
    private mutating func setLint(_ entry: TOMLReader.Entry, file: String) throws(RatchetError) {
        func rule(_ id: String) throws(RatchetError) -> LintRule {
            guard let rule = LintRule(rawValue: id) else {
                throw .config("'\(id)' is not a lint rule; `ratchet lint --rules` lists them", file: file, line: entry.line)
            }
            return rule
        }
        switch entry.key {
        case "lint.disable":
            guard case .array(let values) = entry.value else { throw .config("'lint.disable' must be an array of rule ids", file: file, line: entry.line) }
            for value in values {
                guard case .string(let id) = value else { throw .config("'lint.disable' must hold rule ids (strings), not \(value.typeName)", file: file, line: entry.line) }
                lint.disabled.insert(try rule(id))
            }
        case "lint.baseline":
            guard case .string(let revision) = entry.value, !revision.isEmpty else { throw .config("'lint.baseline' must be a revision id", file: file, line: entry.line) }
            lint.baseline = revision
            lint.baselineLine = entry.line
        case let key where key.hasPrefix("lint.severity."):
            let id = String(key.dropFirst("lint.severity.".count))
            guard case .string(let text) = entry.value, let severity = LintSeverity(rawValue: text) else {
                throw .config("'\(key)' must be \(LintSeverity.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))", file: file, line: entry.line)
            }
            lint.severities[try rule(id)] = severity
        default:
            throw .config("unknown setting '\(entry.key)'; [lint] takes disable, baseline and a [lint.severity] table", file: file, line: entry.line)
        }
    }

    /// The fleet `name`, or an error that lists the fleets there are.
    public func fleet(named name: String) throws(RatchetError) -> FleetDefinition {
        guard let fleet = fleets[name], !fleet.isEmpty else {
            let known = fleets.keys.sorted()
            throw .config(
                "no fleet '\(name)': declare it as [fleet.\(name)] with databases, pattern or command" + (known.isEmpty ? "" : "; the fleets are \(known.joined(separator: ", "))"),
                file: file.isEmpty ? root : file)
        }
        return fleet
    }

    static func absolute(_ path: String, from root: String) -> String {
        let joined = path.hasPrefix("/") ? path : (root.hasSuffix("/") ? root + path : root + "/" + path)
        return URL(fileURLWithPath: joined).standardizedFileURL.path
    }
}

/// Where migrations run: the local sandbox or a Spanner database.
public enum DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    case local
    case spanner(project: String, instance: String, database: String, emulator: String?)

    public init(parsing text: String) throws(RatchetError) {
        if text == "local" { self = .local; return }
        guard text.hasPrefix("spanner://") else {
            throw RatchetError(.config, "'\(text)' is not a database: use \"local\" or \"spanner://projects/P/instances/I/databases/D\"")
        }
        var rest = Substring(text.dropFirst("spanner://".count))
        var emulator: String?
        if let question = rest.firstIndex(of: "?") {
            let query = rest[rest.index(after: question)...]
            rest = rest[..<question]
            for pair in query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, parts[0] == "emulator", !parts[1].isEmpty else {
                    throw RatchetError(.config, "unknown database URL parameter '\(pair)'; the one parameter is emulator=host:port")
                }
                emulator = parts[1]
            }
        }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "projects", parts[2] == "instances", parts[4] == "databases",
            !parts[1].isEmpty, !parts[3].isEmpty, !parts[5].isEmpty
        else {
            throw RatchetError(.config, "'\(text)' is not a Spanner database URL: spanner://projects/P/instances/I/databases/D")
        }
        self = .spanner(project: parts[1], instance: parts[3], database: parts[5], emulator: emulator)
    }

    public var description: String {
        switch self {
        case .local: "local"
        case .spanner(let p, let i, let d, let emulator):
            "spanner://projects/\(p)/instances/\(i)/databases/\(d)" + (emulator.map { "?emulator=\($0)" } ?? "")
        }
    }
}
