/// The HTTP statuses the endpoints answer, with their reason phrases.
public enum HTTPStatus: Int, Sendable, CaseIterable {
    case ok = 200
    case noContent = 204
    case badRequest = 400
    case unauthorized = 401
    case forbidden = 403
    case notFound = 404
    case methodNotAllowed = 405
    case gone = 410
    case payloadTooLarge = 413
    case unsupportedMediaType = 415
    case tooManyRequests = 429
    case internalServerError = 500
    case serviceUnavailable = 503

    public var code: Int { rawValue }

    public var reasonPhrase: String {
        switch self {
        case .ok: return "OK"
        case .noContent: return "No Content"
        case .badRequest: return "Bad Request"
        case .unauthorized: return "Unauthorized"
        case .forbidden: return "Forbidden"
        case .notFound: return "Not Found"
        case .methodNotAllowed: return "Method Not Allowed"
        case .gone: return "Gone"
        case .payloadTooLarge: return "Payload Too Large"
        case .unsupportedMediaType: return "Unsupported Media Type"
        case .tooManyRequests: return "Too Many Requests"
        case .internalServerError: return "Internal Server Error"
        case .serviceUnavailable: return "Service Unavailable"
        }
    }
}
