import Shared

/// Sends each request to its endpoint; one per worker thread, owning that thread's connections.
final class Router: RequestHandler {
    private let match: MatchHandler
    private let visit: VisitHandler
    private let stats: StatsHandler

    init(config: MatchConfig) {
        let redis = config.redis.connect()
        let recorder = EventRecorder(settings: config.events)
        let service = MatchService(redis: redis, embedder: EmbeddingClient(settings: config.embedding),
                                   searchMode: config.searchMode,
                                   meter: EmbeddingMeter(redis: redis, budget: config.budget))
        match = MatchHandler(config: config, redis: redis, service: service, recorder: recorder)
        visit = VisitHandler(redis: redis, recorder: recorder)
        stats = StatsHandler(redis: redis, budget: config.budget, pricePerMillionTokens: config.pricePerMillionTokens)
    }

    func handle(_ request: FastCGIRequest) -> HTTPResponse {
        switch request.path {
        case "/api/match": return match.handle(request)
        case "/api/visit": return visit.handle(request)
        case "/admin/api/stats": return stats.handle(request)
        default: return .error(APIError(status: 404, error: "not_found", detail: "No such endpoint."))
        }
    }
}
