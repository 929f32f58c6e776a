import Foundation
import SpannerClient
import SpannerDDL
import Synchronization

/// Opens `spanner://` databases: the emulator when the URL or `SPANNER_EMULATOR_HOST` says so,
/// otherwise production with `RATCHET_ACCESS_TOKEN`, an access token command, or Application
/// Default Credentials.
///
/// One connection opens any number of databases with one set of credentials (a token command
/// runs once, not once per database) and one admin-request limiter per Google Cloud project,
/// because the admin quota is the project's: a fleet of 200 databases shares 5 requests a second.
public final class LiveConnection: Sendable {
    public let accessTokenCommand: String?
    public let environment: [String: String]
    /// Admin requests per second and project; nil for the default (5 on production, unbounded
    /// on the emulator, which has no quota).
    public let adminRequestsPerSecond: Double?
    private let limiters = Mutex<[String: AdminRateLimiter]>([:])
    private let credentials = Mutex<(any AccessTokenProvider)?>(nil)

    public init(accessTokenCommand: String?, environment: [String: String] = ProcessInfo.processInfo.environment, adminRequestsPerSecond: Double? = nil) {
        self.accessTokenCommand = accessTokenCommand
        self.environment = environment
        self.adminRequestsPerSecond = adminRequestsPerSecond
    }

    // MARK: - Opening

    /// The live database `url` names, or nil for the sandbox (`local`).
    public func open(_ url: DatabaseURL, prefix: String = "ratchet_", dialect: Dialect = .googleSQL) throws(RatchetError) -> LiveDatabase? {
        guard case .spanner(let project, let instance, let database, _) = url, let client = try client(url) else { return nil }
        let path = DatabasePath(project: project, instance: instance, database: database)
        return LiveDatabase(client: client, path: path, tables: VersionTables(prefix: prefix, dialect: dialect), isEmulator: emulatorHost(url) != nil)
    }

    /// A client for the project and instance `url` names (its database part is not used), or
    /// nil for the sandbox.
    public func client(_ url: DatabaseURL) throws(RatchetError) -> SpannerClient? {
        guard case .spanner(let project, _, _, _) = url else { return nil }
        if let emulator = emulatorHost(url) {
            return SpannerClient.emulator(emulator, adminLimiter: adminRequestsPerSecond.map { limiter("emulator \(emulator) \(project)", $0) })
        }
        // A regional or private endpoint, or a proxy, for every API call.
        var endpoint = SpannerClient.productionURL
        if let custom = environment["RATCHET_SPANNER_ENDPOINT"], !custom.isEmpty {
            guard let parsed = URL(string: custom.hasSuffix("/") ? custom : custom + "/"), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil else {
                throw RatchetError(.config, "RATCHET_SPANNER_ENDPOINT is '\(custom)'; give a URL such as https://spanner.me-central2.rep.googleapis.com/")
            }
            endpoint = parsed
        }
        let rate = adminRequestsPerSecond ?? 5
        return SpannerClient(baseURL: endpoint, credentials: try productionCredentials(url), adminRequestsPerSecond: rate, adminLimiter: limiter(project, rate))
    }

    private func emulatorHost(_ url: DatabaseURL) -> String? {
        guard case .spanner(_, _, _, let parameter) = url else { return nil }
        return parameter ?? Self.emulatorAddress(environment)
    }

    private func limiter(_ key: String, _ rate: Double) -> AdminRateLimiter {
        limiters.withLock { limiters in
            if let known = limiters[key] { return known }
            let made = AdminRateLimiter(requestsPerSecond: rate)
            limiters[key] = made
            return made
        }
    }

    private func productionCredentials(_ url: DatabaseURL) throws(RatchetError) -> any AccessTokenProvider {
        if let known = credentials.withLock({ $0 }) { return known }
        let made: any AccessTokenProvider
        if let token = environment["RATCHET_ACCESS_TOKEN"], !token.isEmpty {
            made = StaticToken(token, source: "RATCHET_ACCESS_TOKEN")
        } else if let command = accessTokenCommand {
            made = CachingTokenProvider(CommandCredentials(command: command))
        } else {
            do {
                made = try ApplicationDefaultCredentials.resolve(environment: environment)
            } catch {
                throw RatchetError(.config, "no credentials for \(url): \(error.message); set GOOGLE_APPLICATION_CREDENTIALS, run `gcloud auth application-default login`, or use RATCHET_ACCESS_TOKEN")
            }
        }
        return credentials.withLock { stored in
            if let stored { return stored }
            stored = made
            return made
        }
    }

    // MARK: - One database

    public static func open(_ config: ProjectConfig, accessTokenCommand: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(RatchetError) -> LiveDatabase? {
        try open(config.database, prefix: config.versionTablePrefix, dialect: config.dialect, accessTokenCommand: accessTokenCommand, environment: environment)
    }

    public static func open(
        _ url: DatabaseURL, prefix: String = "ratchet_", dialect: Dialect = .googleSQL, accessTokenCommand: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(RatchetError) -> LiveDatabase? {
        try LiveConnection(accessTokenCommand: accessTokenCommand, environment: environment).open(url, prefix: prefix, dialect: dialect)
    }

    /// The emulator's REST address from `SPANNER_EMULATOR_HOST` (the gRPC host:port): the same
    /// host on port 9020, unless `RATCHET_EMULATOR_REST` gives `host:port` or a port.
    public static func emulatorAddress(_ environment: [String: String]) -> String? {
        guard let grpc = environment["SPANNER_EMULATOR_HOST"], !grpc.isEmpty else { return nil }
        let host = grpc.split(separator: ":").first.map(String.init) ?? "localhost"
        if let rest = environment["RATCHET_EMULATOR_REST"], !rest.isEmpty {
            return rest.contains(":") ? rest : "\(host):\(rest)"
        }
        return "\(host):9020"
    }

    /// The project's database as a migration target: the sandbox, or the live database.
    /// `create` makes the sandbox file when it is missing; a live target is never created here.
    public func target(_ project: Project, create: Bool) throws(RatchetError) -> any MigrationTarget {
        if let database = try open(project.config.database, prefix: project.config.versionTablePrefix, dialect: project.config.dialect) {
            return LiveTarget(project: project, database: database)
        }
        return try SandboxTarget(project: project, create: create)
    }

    public static func target(
        _ project: Project, create: Bool, accessTokenCommand: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(RatchetError) -> any MigrationTarget {
        try LiveConnection(accessTokenCommand: accessTokenCommand, environment: environment).target(project, create: create)
    }
}
