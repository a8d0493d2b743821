import CVMatchCore
import CVMatchEmbedding
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// `match-fcgi`'s endpoints: sends each request to its handler. One per worker thread, owning that
/// thread's Redis connection and embedding client.
public final class MatchRouter: RequestHandler {
    private let match: MatchHandler
    private let visit: VisitHandler
    private let stats: StatsHandler

    public init(config: MatchConfig) {
        let redis = RedisConnection(settings: config.redis)
        let recorder = EventRecorder(settings: config.events)
        let service = MatchService(redis: redis, embedder: EmbeddingClient(settings: config.embedding, gate: config.embeddingGate),
                                   searchMode: config.searchMode, recorder: recorder,
                                   meter: EmbeddingMeter(redis: redis, budget: config.budget))
        match = MatchHandler(config: config, service: service)
        visit = VisitHandler(redis: redis, recorder: recorder)
        stats = StatsHandler(redis: redis, budget: config.budget, pricePerMillionTokens: config.pricePerMillionTokens,
                             adminProof: config.adminProof)
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        switch request.path {
        case "/api/match": return match.handle(request)
        case "/api/visit": return visit.handle(request)
        case "/admin/api/stats": return stats.handle(request)
        default: return .error(.notFound)
        }
    }
}
