/// An error answer of the JSON API: an HTTP status, a stable code and a sentence for people.
public struct APIError: Error, Sendable, Equatable, Encodable {
    public var status: HTTPStatus
    public var error: String
    public var detail: String

    public init(status: HTTPStatus, error: String, detail: String) {
        self.status = status
        self.error = error
        self.detail = detail
    }

    private enum CodingKeys: String, CodingKey { case error, detail }

    public static func methodNotAllowed(_ allowed: String) -> APIError {
        APIError(status: .methodNotAllowed, error: "method_not_allowed", detail: "Use \(allowed) for this endpoint.")
    }

    public static let notFound = APIError(status: .notFound, error: "not_found", detail: "No such endpoint.")

    public static let unavailable = APIError(
        status: .serviceUnavailable, error: "unavailable", detail: "The service is temporarily unavailable. Please try again in a minute.")
}
