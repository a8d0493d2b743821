import FoundationEssentials
import CVMatchCore
import CVMatchSystem

/// Why a call to Dub's API failed, as a message the owner can act on.
public enum DubError: Error, Equatable, CustomStringConvertible {
    /// 401/403: the key is missing, wrong or lacks the right scope.
    case unauthorized(String)
    /// 409: a link with that key (slug) exists already.
    case conflict(String)
    /// 404: no such link (or click, for a lead).
    case notFound(String)
    /// 429: too many requests; Dub's `Retry-After` seconds when it sent one.
    case rateLimited(String, retryAfter: Int? = nil)
    /// No HTTP answer: DNS, connection, TLS or timeout.
    case network(String)
    /// Any other refusal, with Dub's status and message.
    case rejected(status: Int, message: String)
    /// A 2xx answer without the documented fields.
    case badResponse(String)

    public var description: String {
        switch self {
        case .unauthorized(let message):
            return "Dub refused the API key (\(message)). Check DUB_API_KEY: create a key at https://app.dub.co/settings/tokens with write access to links."
        case .conflict(let message):
            return "Dub already has a short link with that key (409: \(message)). Choose another --key, or leave --key out for a random one."
        case .notFound(let message):
            return "Dub has no such link (404: \(message))."
        case .rateLimited(let message, _):
            return "Dub's rate limit was reached (429: \(message)). Wait a minute and run the command again."
        case .network(let message):
            return "Cannot reach Dub: \(message). Check the network and --dub-url."
        case .rejected(let status, let message):
            return "Dub refused the request (\(status): \(message))."
        case .badResponse(let message):
            return "Dub's answer was not what its API documents: \(message)"
        }
    }

    /// The error for a non-2xx answer; Dub's bodies look like `{"error": {"code", "message"}}`.
    static func from(status: Int, body: [UInt8], retryAfter: Int? = nil) -> DubError {
        struct Envelope: Decodable {
            struct Detail: Decodable {
                var code: String?
                var message: String?
            }
            var error: Detail
        }
        let detail = try? JSONDecoder().decode(Envelope.self, from: Data(body)).error
        let message = detail?.message ?? detail?.code
            ?? (body.isEmpty ? "HTTP \(status)" : String(decoding: body.prefix(200), as: UTF8.self))
        switch status {
        case 401, 403: return .unauthorized("\(status): \(message)")
        case 409: return .conflict(message)
        case 404: return .notFound(message)
        case 429: return .rateLimited(message, retryAfter: retryAfter)
        default: return .rejected(status: status, message: message)
        }
    }
}
