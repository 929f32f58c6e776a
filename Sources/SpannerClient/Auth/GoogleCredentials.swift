import Crypto
import _CryptoExtras
import Foundation

/// Scopes for Spanner: admin (DDL) and data (version tables).
public enum SpannerScopes {
    public static let all = "https://www.googleapis.com/auth/spanner.admin https://www.googleapis.com/auth/spanner.data"
}

/// A `service_account` key: an RS256 JWT exchanged at the key's `token_uri`.
public struct ServiceAccountCredentials: AccessTokenProvider {
    public let clientEmail: String
    let privateKeyId: String
    let privateKey: _RSA.Signing.PrivateKey
    let tokenURI: URL
    let scopes: String
    let quotaProject: String?
    let transport: any SpannerTransport
    public let source: String
    let now: @Sendable () -> Date

    public init(json: [String: Any], source: String, transport: any SpannerTransport, scopes: String = SpannerScopes.all, now: @escaping @Sendable () -> Date = { Date() }) throws(SpannerError) {
        guard let email = json["client_email"] as? String, let pem = json["private_key"] as? String else {
            throw .authentication("\(source): a service_account key needs client_email and private_key")
        }
        do {
            privateKey = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
        } catch {
            throw .authentication("\(source): the private_key is not an RSA key in PEM form")
        }
        clientEmail = email
        privateKeyId = json["private_key_id"] as? String ?? ""
        tokenURI = URL(string: json["token_uri"] as? String ?? "https://oauth2.googleapis.com/token")!
        quotaProject = json["quota_project_id"] as? String
        self.scopes = scopes
        self.transport = transport
        self.source = source
        self.now = now
    }

    /// The signed assertion: header `{alg: RS256, typ: JWT, kid}`, claims iss, scope, aud, iat, exp.
    public func assertion() throws(SpannerError) -> String {
        let issued = Int(now().timeIntervalSince1970)
        let header: [String: Any] = ["alg": "RS256", "typ": "JWT", "kid": privateKeyId]
        let claims: [String: Any] = ["iss": clientEmail, "scope": scopes, "aud": tokenURI.absoluteString, "iat": issued, "exp": issued + 3600]
        guard let headerData = try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]),
            let claimsData = try? JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys])
        else {
            throw .authentication("\(source): cannot encode the JWT")
        }
        let signingInput = Base64URL.encode(headerData) + "." + Base64URL.encode(claimsData)
        do {
            let signature = try privateKey.signature(for: SHA256.hash(data: Data(signingInput.utf8)), padding: .insecurePKCS1v1_5)
            return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
        } catch {
            throw .authentication("\(source): signing the JWT failed")
        }
    }

    public func authorization() async throws(SpannerError) -> Authorization? {
        let form = "grant_type=\(FormEncoding.escape("urn:ietf:params:oauth:grant-type:jwt-bearer"))&assertion=\(try assertion())"
        return try await TokenEndpoint.exchange(form: form, at: tokenURI, transport: transport, source: source, quotaProject: quotaProject, now: now)
    }
}

/// An `authorized_user` file (from `gcloud auth application-default login`): a refresh token.
public struct AuthorizedUserCredentials: AccessTokenProvider {
    let clientId: String
    let clientSecret: String
    let refreshToken: String
    let quotaProject: String?
    let tokenURI: URL
    let transport: any SpannerTransport
    public let source: String
    let now: @Sendable () -> Date

    public init(json: [String: Any], source: String, transport: any SpannerTransport, now: @escaping @Sendable () -> Date = { Date() }) throws(SpannerError) {
        guard let clientId = json["client_id"] as? String, let secret = json["client_secret"] as? String, let refresh = json["refresh_token"] as? String else {
            throw .authentication("\(source): an authorized_user file needs client_id, client_secret and refresh_token")
        }
        self.clientId = clientId
        self.clientSecret = secret
        self.refreshToken = refresh
        self.quotaProject = json["quota_project_id"] as? String
        self.tokenURI = URL(string: json["token_uri"] as? String ?? "https://oauth2.googleapis.com/token")!
        self.transport = transport
        self.source = source
        self.now = now
    }

    public func authorization() async throws(SpannerError) -> Authorization? {
        let form = [
            "grant_type=refresh_token", "client_id=\(FormEncoding.escape(clientId))", "client_secret=\(FormEncoding.escape(clientSecret))",
            "refresh_token=\(FormEncoding.escape(refreshToken))",
        ].joined(separator: "&")
        return try await TokenEndpoint.exchange(form: form, at: tokenURI, transport: transport, source: source, quotaProject: quotaProject, now: now)
    }
}

/// The metadata server of a Google Cloud VM, Cloud Run service or GKE pod.
public struct MetadataServerCredentials: AccessTokenProvider {
    let host: String
    let transport: any SpannerTransport
    let now: @Sendable () -> Date
    /// Where Application Default Credentials looked before the metadata server, for the error
    /// when the metadata server cannot be reached either.
    let searched: [String]
    public var source: String { "the metadata server (\(host))" }

    public init(host: String = "metadata.google.internal", transport: any SpannerTransport, searched: [String] = [], now: @escaping @Sendable () -> Date = { Date() }) {
        self.host = host
        self.transport = transport
        self.searched = searched
        self.now = now
    }

    public func authorization() async throws(SpannerError) -> Authorization? {
        let url = URL(string: "http://\(host)/computeMetadata/v1/instance/service-accounts/default/token")!
        let response: HTTPResponse
        do {
            response = try await transport.send(HTTPRequest(method: "GET", url: url, headers: ["Metadata-Flavor": "Google"]))
        } catch  where error.source == .transport {
            // Off Google Cloud there is no metadata server: say that no credentials were found.
            let places = searched + ["the metadata server \(host): unreachable (\(error.message))"]
            throw .authentication(
                "no Google credentials found; looked at " + places.joined(separator: "; ")
                    + ". Set GOOGLE_APPLICATION_CREDENTIALS to a key file, run `gcloud auth application-default login`, set RATCHET_ACCESS_TOKEN, or pass --access-token-command")
        }
        return try TokenEndpoint.parse(response, source: source, quotaProject: nil, now: now)
    }
}

/// A command that prints a token, such as `gcloud auth print-access-token`.
public struct CommandCredentials: AccessTokenProvider {
    let command: String
    public var source: String { "the command `\(command)`" }

    public init(command: String) { self.command = command }

    public func authorization() async throws(SpannerError) -> Authorization? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            throw .authentication("\(source) could not be started: \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, !token.isEmpty else {
            throw .authentication("\(source) failed (exit \(process.terminationStatus)) or printed no token")
        }
        // Such commands print tokens good for about an hour; asking again after 10 minutes is safe.
        return Authorization(accessToken: token, expiresAt: Date().addingTimeInterval(900))
    }
}

// MARK: - Application Default Credentials

public enum ApplicationDefaultCredentials {
    /// Finds credentials in Google's order: `GOOGLE_APPLICATION_CREDENTIALS`, the gcloud
    /// well-known file (`$CLOUDSDK_CONFIG` or `~/.config/gcloud`), then the metadata server
    /// (`GCE_METADATA_HOST` overrides its host). The result caches tokens in memory.
    public static func resolve(
        environment: [String: String] = ProcessInfo.processInfo.environment, transport: any SpannerTransport = URLSessionTransport(),
        fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) throws(SpannerError) -> CachingTokenProvider {
        if let path = environment["GOOGLE_APPLICATION_CREDENTIALS"], !path.isEmpty {
            return CachingTokenProvider(try fromFile(path, source: "GOOGLE_APPLICATION_CREDENTIALS (\(path))", transport: transport))
        }
        let configDirectory =
            environment["CLOUDSDK_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config/gcloud"
        let wellKnown = configDirectory + "/application_default_credentials.json"
        if fileExists(wellKnown) {
            return CachingTokenProvider(try fromFile(wellKnown, source: "the gcloud application default credentials (\(wellKnown))", transport: transport))
        }
        let searched = [
            "GOOGLE_APPLICATION_CREDENTIALS: not set",
            "the gcloud application default credentials \(wellKnown): no such file",
        ]
        return CachingTokenProvider(MetadataServerCredentials(host: environment["GCE_METADATA_HOST"] ?? "metadata.google.internal", transport: transport, searched: searched))
    }

    /// Credentials from a key file, by its `type`.
    public static func fromFile(_ path: String, source: String, transport: any SpannerTransport) throws(SpannerError) -> any AccessTokenProvider {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .authentication("\(source): the file cannot be read")
        }
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw .authentication("\(source): the file is not a JSON object")
        }
        switch json["type"] as? String {
        case "service_account": return try ServiceAccountCredentials(json: json, source: source, transport: transport)
        case "authorized_user": return try AuthorizedUserCredentials(json: json, source: source, transport: transport)
        case let other:
            throw .authentication("\(source): credentials of type '\(other ?? "none")' are not supported; use a service_account key or an authorized_user file")
        }
    }
}

// MARK: - Helpers

enum TokenEndpoint {
    static func exchange(form: String, at url: URL, transport: any SpannerTransport, source: String, quotaProject: String?, now: @Sendable () -> Date) async throws(SpannerError) -> Authorization {
        let request = HTTPRequest(method: "POST", url: url, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(form.utf8))
        return try parse(try await transport.send(request), source: source, quotaProject: quotaProject, now: now)
    }

    static func parse(_ response: HTTPResponse, source: String, quotaProject: String?, now: @Sendable () -> Date) throws(SpannerError) -> Authorization {
        let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any]
        guard (200..<300).contains(response.status) else {
            // The body names the OAuth error; it never holds the secret.
            let reason = (object?["error_description"] as? String) ?? (object?["error"] as? String) ?? "HTTP \(response.status)"
            throw .authentication("\(source): the token request was refused: \(reason)", status: response.status)
        }
        guard let token = object?["access_token"] as? String else {
            throw .authentication("\(source): the token response has no access_token", status: response.status)
        }
        let lifetime = (object?["expires_in"] as? Double) ?? Double(object?["expires_in"] as? Int ?? 3600)
        return Authorization(accessToken: token, quotaProject: quotaProject, expiresAt: now().addingTimeInterval(lifetime))
    }
}

enum Base64URL {
    static func encode(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

enum FormEncoding {
    static func escape(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
