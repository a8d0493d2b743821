import FoundationEssentials

/// What a handler answers: status, headers and body.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// False for answers the server leaves out of its per-request log (health checks, scrapes).
    public var logged = true

    public init(status: HTTPStatus, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON body; API answers are never cached.
    public static func json(_ value: some Encodable, status: HTTPStatus = .ok) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return json(body: Array(data), status: status)
    }

    /// A JSON body already written (`JSONBytes`); API answers are never cached.
    public static func json(body: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status,
                     headers: [("Content-Type", "application/json"), ("Cache-Control", "no-store")],
                     body: body)
    }

    public static func error(_ error: APIError) -> HTTPResponse {
        json(error, status: error.status)
    }

    public static func noContent() -> HTTPResponse {
        HTTPResponse(status: .noContent, headers: [("Cache-Control", "no-store")])
    }

    /// The CGI-style response text a FastCGI server writes to nginx.
    public func serialised() -> [UInt8] {
        var head = "Status: \(status.code) \(status.reasonPhrase)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if status != .noContent { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + body
    }
}
