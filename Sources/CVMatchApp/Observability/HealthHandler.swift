import CVMatchCore
import CVMatchEmbedding
import CVMatchRedis
import CVMatchStore

/// `GET /healthz`: one Redis read (the populated matcher's version) and the embedding breaker's
/// state, which costs no call. No secrets, no events recorded, not logged.
final class HealthHandler {
    private let redis: RedisConnection
    private let gate: EmbeddingGate

    init(redis: RedisConnection, gate: EmbeddingGate) {
        self.redis = redis
        self.gate = gate
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == .get || request.method == .head else { return .error(.methodNotAllowed("GET")) }
        var reachable = false
        var version: String?
        if let reply = try? redis.send("GET", RedisKeys.matcherVersion) {
            if case .error = reply {} else {
                reachable = true
                version = reply.text
            }
        }
        let report = HealthReport(redisReachable: reachable, matcherVersion: version, embedder: gate.health)
        var response = HTTPResponse.json(report, status: report.status)
        response.logged = false
        return response
    }
}
