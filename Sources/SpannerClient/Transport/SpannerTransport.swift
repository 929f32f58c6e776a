import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP request, as the client builds it.
public struct HTTPRequest: Sendable, Hashable {
    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: Data?

    public init(method: String, url: URL, headers: [String: String] = [:], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// The wire: tests swap it for a fake or point it at the REST test server.
public protocol SpannerTransport: Sendable {
    /// Sends a request and returns whatever HTTP response came back, error statuses included.
    /// Throws only when no response arrived (connection refused, reset, timed out).
    func send(_ request: HTTPRequest) async throws(SpannerError) -> HTTPResponse
}

/// HTTP through Foundation's URLSession.
public struct URLSessionTransport: SpannerTransport {
    private let session: URLSession

    /// `timeout` bounds one request: Spanner answers REST calls in well under a second (a schema
    /// change runs as an operation polled separately), so a minute of silence is a dead peer.
    public init(timeout: TimeInterval = 60) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    public func send(_ request: HTTPRequest) async throws(SpannerError) -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        // libcurl (under FoundationNetworking) sends `Expect: 100-continue` for large bodies and
        // waits for an interim response some servers never send; the API does not need it.
        urlRequest.setValue("", forHTTPHeaderField: "Expect")
        urlRequest.httpBody = request.body
        do {
            let (data, response) = try await session.data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else {
                throw SpannerError.transport("\(request.method) \(request.url.path): not an HTTP response")
            }
            var headers: [String: String] = [:]
            for (name, value) in http.allHeaderFields {
                if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
            }
            return HTTPResponse(status: http.statusCode, headers: headers, body: data)
        } catch let error as SpannerError {
            throw error
        } catch {
            throw SpannerError.transport("\(request.method) \(request.url.host ?? "")\(request.url.path): \(error.localizedDescription)")
        }
    }
}
