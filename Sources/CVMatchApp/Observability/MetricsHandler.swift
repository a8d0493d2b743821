import CVMatchCore

/// `GET /metrics` (and `/metrics/download`): the process's metrics in Prometheus's text format.
/// Answered only when nginx marked the request as coming through its localhost-only metrics
/// location (`fastcgi_param CVMATCH_METRICS allow`) and the client address is loopback; anything
/// else gets 403. Not logged.
struct MetricsHandler {
    let families: @Sendable () -> [MetricFamily]

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard request.metricsAllowed, ["127.0.0.1", "::1"].contains(request.remoteAddress) else {
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
