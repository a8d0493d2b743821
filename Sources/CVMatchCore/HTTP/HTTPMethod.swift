/// An HTTP request method; anything not listed is `.other` and answered 405.
public enum HTTPMethod: Sendable, Equatable, CustomStringConvertible {
    case get, head, post, put, patch, delete, options
    case other(String)

    public init(_ text: String) {
        switch text {
        case "GET": self = .get
        case "HEAD": self = .head
        case "POST": self = .post
        case "PUT": self = .put
        case "PATCH": self = .patch
        case "DELETE": self = .delete
        case "OPTIONS": self = .options
        default: self = .other(String(text.prefix(16)))
        }
    }

    public var description: String {
        switch self {
        case .get: return "GET"
        case .head: return "HEAD"
        case .post: return "POST"
        case .put: return "PUT"
        case .patch: return "PATCH"
        case .delete: return "DELETE"
        case .options: return "OPTIONS"
        case .other(let text): return text
        }
    }
}
