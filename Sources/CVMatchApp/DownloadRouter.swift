import CVMatchCore
import CVMatchSystem

/// `download-fcgi`'s endpoints: `/api/download` and its metrics page, each request counted
/// (`DownloadMetrics`). One per worker thread.
public final class DownloadRouter: RequestHandler {
    private let download: DownloadHandler
    private let metricsPage: MetricsHandler
    private let metrics: DownloadMetrics

    public init(config: DownloadConfig) {
        download = DownloadHandler(config: config)
        metrics = config.metrics
        metricsPage = MetricsHandler(adminProof: config.adminProof) { [metrics = config.metrics] in metrics.families }
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let started = SystemClock.monotonicNanoseconds()
        let response = request.path == "/metrics/download" ? metricsPage.handle(request) : download.handle(request)
        metrics.service.requests.record(path: request.path, status: response.status,
                                        nanoseconds: SystemClock.monotonicNanoseconds() - started)
        return response
    }
}
