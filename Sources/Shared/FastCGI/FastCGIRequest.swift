/// One request as nginx passed it over FastCGI, copied out of libfcgi's buffers.
public struct FastCGIRequest: Sendable {
    public var method: String
    /// The path without the query string (`DOCUMENT_URI`).
    public var path: String
    public var queryString: String
    public var contentType: String
    public var contentLength: Int
    /// The body, read only when `contentLength` is within the server's limit.
    public var body: [UInt8]
    /// True when the client announced more than the limit; `body` is then empty.
    public var bodyTooLarge: Bool
    /// Set by nginx after basic auth (`fastcgi_param REMOTE_USER $remote_user`).
    public var remoteUser: String?
    public var userAgent: String
    public var remoteAddress: String

    public init(method: String, path: String, queryString: String = "", contentType: String = "",
                contentLength: Int = 0, body: [UInt8] = [], bodyTooLarge: Bool = false,
                remoteUser: String? = nil, userAgent: String = "", remoteAddress: String = "") {
        self.method = method
        self.path = path
        self.queryString = queryString
        self.contentType = contentType
        self.contentLength = contentLength
        self.body = body
        self.bodyTooLarge = bodyTooLarge
        self.remoteUser = remoteUser
        self.userAgent = userAgent
        self.remoteAddress = remoteAddress
    }
}

/// Answers requests on one worker thread. Each thread makes its own handler, so a handler
/// owns its connections (Redis, curl) without locks.
public protocol RequestHandler: AnyObject {
    func handle(_ request: FastCGIRequest) -> HTTPResponse
}
