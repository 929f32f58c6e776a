import Foundation

/// What goes into a request's `Authorization` (and quota-project) headers.
public struct Authorization: Sendable, Hashable {
    public var accessToken: String
    /// Sent as `X-Goog-User-Project`.
    public var quotaProject: String?
    /// When the token stops working.
    public var expiresAt: Date

    public init(accessToken: String, quotaProject: String? = nil, expiresAt: Date) {
        self.accessToken = accessToken
        self.quotaProject = quotaProject
        self.expiresAt = expiresAt
    }
}

/// A source of access tokens. Tokens are secrets: providers never print or store them.
public protocol AccessTokenProvider: Sendable {
    /// Where the credentials come from, for error messages (never the secret itself).
    var source: String { get }
    /// A token valid for at least a few minutes; nil when no authentication is needed (the emulator).
    func authorization() async throws(SpannerError) -> Authorization?
}

/// No authentication: the emulator.
public struct NoAuthentication: AccessTokenProvider {
    public init() {}
    public var source: String { "none (emulator)" }
    public func authorization() async throws(SpannerError) -> Authorization? { nil }
}

/// A token given as is (`RATCHET_ACCESS_TOKEN`).
public struct StaticToken: AccessTokenProvider {
    private let token: String
    public let source: String

    public init(_ token: String, source: String) {
        self.token = token
        self.source = source
    }

    public func authorization() async throws(SpannerError) -> Authorization? {
        Authorization(accessToken: token, expiresAt: .distantFuture)
    }
}

/// Caches another provider's token in memory and refreshes it before it expires.
public actor CachingTokenProvider: AccessTokenProvider {
    private let wrapped: any AccessTokenProvider
    private let refreshMargin: TimeInterval
    private var cached: Authorization?
    private let now: @Sendable () -> Date
    public nonisolated let source: String

    public init(_ wrapped: any AccessTokenProvider, refreshMargin: TimeInterval = 300, now: @escaping @Sendable () -> Date = { Date() }) {
        self.wrapped = wrapped
        self.refreshMargin = refreshMargin
        self.now = now
        self.source = wrapped.source
    }

    public func authorization() async throws(SpannerError) -> Authorization? {
        if let cached, cached.expiresAt.timeIntervalSince(now()) > refreshMargin { return cached }
        let fresh = try await wrapped.authorization()
        cached = fresh
        return fresh
    }

    /// Forgets the token, after the server refused it.
    public func invalidate() { cached = nil }
}
