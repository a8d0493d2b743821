import CVMatchCore
import CVMatchEmbedding
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// `match-fcgi`'s endpoints: sends each request to its handler and counts it (`MatchMetrics`).
/// One per worker thread, owning that thread's Redis connection and embedding client.
public final class MatchRouter: RequestHandler {
    private let match: MatchHandler
    private let visit: VisitHandler
    private let stats: StatsHandler
    private let health: HealthHandler
    private let metricsPage: MetricsHandler
    private let metrics: MatchMetrics

    public init(config: MatchConfig) {
        let redis = RedisConnection(settings: config.redis)
        let recorder = EventRecorder(settings: config.events)
        let service = MatchService(redis: redis, embedder: EmbeddingClient(settings: config.embedding, gate: config.embeddingGate),
                                   searchMode: config.searchMode, recorder: recorder,
                                   meter: EmbeddingMeter(redis: redis, budget: config.budget), shared: config.matcher,
                                   cachesDecisions: true)
        match = MatchHandler(config: config, service: service)
        visit = VisitHandler(redis: redis, recorder: recorder, metrics: config.metrics.service)
        stats = StatsHandler(redis: redis, budget: config.budget, pricePerMillionTokens: config.pricePerMillionTokens,
                             metrics: config.metrics.service, adminProof: config.adminProof)
        health = HealthHandler(redis: redis, gate: config.embeddingGate)
        metrics = config.metrics
        metricsPage = MetricsHandler(adminProof: config.adminProof) { [metrics = config.metrics, gate = config.embeddingGate] in
            metrics.families(gate: gate)
        }
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let started = SystemClock.monotonicNanoseconds()
        let response: HTTPResponse
        switch request.path {
        case "/api/match": response = match.handle(request)
        case "/api/visit": response = visit.handle(request)
        case "/admin/api/stats": response = stats.handle(request)
        case "/healthz": response = health.handle(request)
        case "/metrics": response = metricsPage.handle(request)
        default: response = .error(.notFound)
        }
        metrics.service.requests.record(path: request.path, status: response.status,
                                        nanoseconds: SystemClock.monotonicNanoseconds() - started)
        return response
    }
}
