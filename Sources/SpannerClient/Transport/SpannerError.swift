import Foundation

/// Every failure the client reports: a Spanner status (from any of the three error envelopes
/// or an operation), a transport failure, an authentication failure, or a response that does
/// not decode.
public struct SpannerError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Source: String, Sendable, Hashable {
        /// Spanner (or the emulator) answered with an error status.
        case server
        /// No response: connection refused, reset, timed out.
        case transport
        /// Credentials could not produce a token, or were refused.
        case authentication
        /// A response did not have the expected shape.
        case decoding
    }

    public var source: Source
    public var code: GRPCCode
    /// The HTTP status, when there was a response.
    public var httpStatus: Int?
    public var message: String
    /// `details` of the status, as JSON text.
    public var details: String?

    public init(source: Source, code: GRPCCode, httpStatus: Int? = nil, message: String, details: String? = nil) {
        self.source = source
        self.code = code
        self.httpStatus = httpStatus
        self.message = message
        self.details = details
    }

    public var description: String {
        var out = "\(code.name)"
        if let httpStatus { out += " (HTTP \(httpStatus))" }
        return out + ": \(message)"
    }

    /// Whether trying again later can succeed: UNAVAILABLE, DEADLINE_EXCEEDED,
    /// RESOURCE_EXHAUSTED, and a lost connection.
    public var isRetryable: Bool {
        source == .transport || [.unavailable, .deadlineExceeded, .resourceExhausted].contains(code)
    }

    static func transport(_ message: String) -> SpannerError {
        SpannerError(source: .transport, code: .unavailable, message: message)
    }

    static func decoding(_ message: String, status: Int? = nil) -> SpannerError {
        SpannerError(source: .decoding, code: .internal, httpStatus: status, message: message)
    }

    static func authentication(_ message: String, status: Int? = nil) -> SpannerError {
        SpannerError(source: .authentication, code: .unauthenticated, httpStatus: status, message: message)
    }

    // MARK: - Envelopes

    /// Decodes an error response in any of the three envelopes Spanner and the emulator use.
    ///
    /// Production: `{"error":{"code":<HTTP>,"message":...,"status":"NOT_FOUND","details":[...]}}`.
    /// grpc-gateway (current emulator): `{"code":<gRPC int>,"message":...,"details":[...]}`.
    /// Older emulator: `{"error":"<text>","code":<gRPC int>,"message":...}`.
    public static func from(response: HTTPResponse) -> SpannerError {
        let fallback = GRPCCode(httpStatus: response.status)
        guard let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] else {
            let text = String(decoding: response.body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return SpannerError(source: .server, code: fallback, httpStatus: response.status, message: text.isEmpty ? "HTTP \(response.status)" : text)
        }
        if let error = object["error"] as? [String: Any] {
            let code = (error["status"] as? String).flatMap(GRPCCode.init(name:)) ?? fallback
            return SpannerError(
                source: .server, code: code, httpStatus: response.status,
                message: error["message"] as? String ?? "HTTP \(response.status)", details: json(error["details"]))
        }
        if let number = object["code"] as? Int, let code = GRPCCode(rawValue: number) {
            let message = object["message"] as? String ?? object["error"] as? String ?? "HTTP \(response.status)"
            return SpannerError(source: .server, code: code, httpStatus: response.status, message: message, details: json(object["details"]))
        }
        if let text = object["error"] as? String {
            return SpannerError(source: .server, code: fallback, httpStatus: response.status, message: text)
        }
        return SpannerError(source: .server, code: fallback, httpStatus: response.status, message: "HTTP \(response.status)")
    }

    /// An operation's `error` (a google.rpc.Status with a gRPC integer code).
    public static func from(status: OperationStatus) -> SpannerError {
        SpannerError(source: .server, code: GRPCCode(rawValue: status.code ?? 2) ?? .unknown, message: status.message ?? "the operation failed")
    }

    private static func json(_ value: Any?) -> String? {
        guard let value, JSONSerialization.isValidJSONObject(value), let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// gRPC status codes, as Spanner reports them.
public enum GRPCCode: Int, Sendable, Hashable, CaseIterable {
    case ok = 0, cancelled, unknown, invalidArgument, deadlineExceeded, notFound, alreadyExists, permissionDenied,
        resourceExhausted, failedPrecondition, aborted, outOfRange, unimplemented, `internal`, unavailable, dataLoss, unauthenticated

    /// `NOT_FOUND` and the like.
    public var name: String {
        switch self {
        case .ok: "OK"
        case .cancelled: "CANCELLED"
        case .unknown: "UNKNOWN"
        case .invalidArgument: "INVALID_ARGUMENT"
        case .deadlineExceeded: "DEADLINE_EXCEEDED"
        case .notFound: "NOT_FOUND"
        case .alreadyExists: "ALREADY_EXISTS"
        case .permissionDenied: "PERMISSION_DENIED"
        case .resourceExhausted: "RESOURCE_EXHAUSTED"
        case .failedPrecondition: "FAILED_PRECONDITION"
        case .aborted: "ABORTED"
        case .outOfRange: "OUT_OF_RANGE"
        case .unimplemented: "UNIMPLEMENTED"
        case .internal: "INTERNAL"
        case .unavailable: "UNAVAILABLE"
        case .dataLoss: "DATA_LOSS"
        case .unauthenticated: "UNAUTHENTICATED"
        }
    }

    public init?(name: String) {
        guard let code = GRPCCode.allCases.first(where: { $0.name == name }) else { return nil }
        self = code
    }

    /// The HTTP status the gateway maps this code to.
    public var httpStatus: Int {
        switch self {
        case .ok: 200
        case .invalidArgument, .failedPrecondition, .outOfRange: 400
        case .unauthenticated: 401
        case .permissionDenied: 403
        case .notFound: 404
        case .alreadyExists, .aborted: 409
        case .resourceExhausted: 429
        case .cancelled: 499
        case .unimplemented: 501
        case .unavailable: 503
        case .deadlineExceeded: 504
        case .unknown, .internal, .dataLoss: 500
        }
    }

    /// The most likely code for an HTTP status without a decodable body.
    public init(httpStatus: Int) {
        switch httpStatus {
        case 400: self = .invalidArgument
        case 401: self = .unauthenticated
        case 403: self = .permissionDenied
        case 404: self = .notFound
        case 409: self = .aborted
        case 429: self = .resourceExhausted
        case 499: self = .cancelled
        case 501: self = .unimplemented
        case 502, 503: self = .unavailable
        case 504: self = .deadlineExceeded
        default: self = .unknown
        }
    }
}
