/// One request as the web server passed it (FastCGI in production, built directly in tests).
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
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
    /// The `CVMATCH_ADMIN_PROOF` parameter nginx adds to admin requests (`AdminProof`).
    public var adminProof: String?
    public var userAgent: String
    public var remoteAddress: String
    /// The `Host` header (`HTTP_HOST`): the site's own name, so a referrer naming it is a self-referral.
    public var host: String

    public init(method: HTTPMethod, path: String, queryString: String = "", contentType: String = "",
                contentLength: Int? = nil, body: [UInt8] = [], bodyTooLarge: Bool = false,
                remoteUser: String? = nil, adminProof: String? = nil, userAgent: String = "", remoteAddress: String = "",
                host: String = "") {
        self.method = method
        self.path = path
        self.queryString = queryString
        self.contentType = contentType
        self.contentLength = contentLength ?? body.count
        self.body = body
        self.bodyTooLarge = bodyTooLarge
        self.remoteUser = remoteUser
        self.adminProof = adminProof
        self.userAgent = userAgent
        self.remoteAddress = remoteAddress
        self.host = host
    }
}

/// Answers requests. A server makes one per worker thread, so a handler owns its connections
/// (Redis, curl) without locks.
public protocol RequestHandler: AnyObject {
    func handle(_ request: HTTPRequest) -> HTTPResponse
}
