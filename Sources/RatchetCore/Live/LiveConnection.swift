import Foundation
import SpannerClient

/// Opens the project's `spanner://` database: the emulator when the URL or
/// `SPANNER_EMULATOR_HOST` says so, otherwise production with `RATCHET_ACCESS_TOKEN`, an access
/// token command, or Application Default Credentials.
public enum LiveConnection {
    public static func open(_ config: ProjectConfig, accessTokenCommand: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(RatchetError) -> LiveDatabase? {
        try open(config.database, prefix: config.versionTablePrefix, accessTokenCommand: accessTokenCommand, environment: environment)
    }

    public static func open(_ url: DatabaseURL, prefix: String = "ratchet_", accessTokenCommand: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(RatchetError) -> LiveDatabase? {
        guard case .spanner(let project, let instance, let database, let emulatorParameter) = url else { return nil }
        let path = DatabasePath(project: project, instance: instance, database: database)
        let client: SpannerClient
        let emulatorHost = emulatorParameter ?? emulatorAddress(environment)
        // A regional or private endpoint, or a proxy, for every API call.
        var endpoint = SpannerClient.productionURL
        if let custom = environment["RATCHET_SPANNER_ENDPOINT"], !custom.isEmpty {
            guard let parsed = URL(string: custom.hasSuffix("/") ? custom : custom + "/"), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil else {
                throw RatchetError(.config, "RATCHET_SPANNER_ENDPOINT is '\(custom)'; give a URL such as https://spanner.me-central2.rep.googleapis.com/")
            }
            endpoint = parsed
        }
        if let emulator = emulatorHost {
            client = SpannerClient.emulator(emulator)
        } else if let token = environment["RATCHET_ACCESS_TOKEN"], !token.isEmpty {
            client = SpannerClient(baseURL: endpoint, credentials: StaticToken(token, source: "RATCHET_ACCESS_TOKEN"))
        } else if let command = accessTokenCommand {
            client = SpannerClient(baseURL: endpoint, credentials: CachingTokenProvider(CommandCredentials(command: command)))
        } else {
            do {
                client = SpannerClient(baseURL: endpoint, credentials: try ApplicationDefaultCredentials.resolve(environment: environment))
            } catch {
                throw RatchetError(.config, "no credentials for \(url): \(error.message); set GOOGLE_APPLICATION_CREDENTIALS, run `gcloud auth application-default login`, or use RATCHET_ACCESS_TOKEN")
            }
        }
        return LiveDatabase(client: client, path: path, tables: VersionTables(prefix: prefix), isEmulator: emulatorHost != nil)
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
    public static func target(
        _ project: Project, create: Bool, accessTokenCommand: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(RatchetError) -> any MigrationTarget {
        if let database = try open(project.config, accessTokenCommand: accessTokenCommand, environment: environment) {
            return LiveTarget(project: project, database: database)
        }
        return try SandboxTarget(project: project, create: create)
    }
}
