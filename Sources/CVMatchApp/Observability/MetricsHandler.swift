import CVMatchCore
import CVMatchCrypto

/// `GET /metrics` (and `/metrics/download`): the process's metrics in Prometheus's text format.
/// Answered only when the request carries the admin proof (`AdminProof`), which nginx adds in its
/// localhost-only metrics locations and which no other process on the socket can read, and the
/// client address is loopback; anything else gets 403 (also when no proof is configured). Not logged.
struct MetricsHandler {
    let adminProof: AdminProof?
    let families: @Sendable () -> [MetricFamily]

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard adminProof?.admits(request.adminProof, comparingWith: HMACSHA256()) == true,
              ["127.0.0.1", "::1"].contains(request.remoteAddress) else {
            return .error(APIError(status: .forbidden, error: "forbidden", detail: "Metrics are served to localhost only."))
        }
        guard request.method == .get || request.method == .head else { return .error(.methodNotAllowed("GET")) }
        var response = HTTPResponse(status: .ok, headers: [("Content-Type", MetricsExposition.contentType),
                                                           ("Cache-Control", "no-store")],
                                    body: Array(MetricsExposition.render(families()).utf8))
        response.logged = false
        return response
    }
}
