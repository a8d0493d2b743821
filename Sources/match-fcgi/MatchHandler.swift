import Shared

/// `POST /api/match`: scores the visitor's position text and, on a match, issues a download token.
final class MatchHandler {
    private let config: MatchConfig
    private let redis: RedisConnection
    private let service: MatchService
    private let recorder: EventRecorder

    init(config: MatchConfig, redis: RedisConnection, service: MatchService, recorder: EventRecorder) {
        self.config = config
        self.redis = redis
        self.service = service
        self.recorder = recorder
    }

    struct Matched: Encodable {
        struct Position: Encodable {
            var id: String
            var title: String
        }
        var matched = true
        var position: Position
        var score: Int
        var token: String
        var download: String
        var detail: String
    }

    struct NotMatched: Encodable {
        var matched = false
        var score: Int
        var detail: String
    }

    func handle(_ request: FastCGIRequest) -> HTTPResponse {
        guard request.method == "POST" else { return .error(.methodNotAllowed("POST")) }
        let text: String
        do {
            text = try MatchRequest.position(contentType: request.contentType, body: request.body,
                                             bodyTooLarge: request.bodyTooLarge)
        } catch {
            return .error(error)
        }
        let attribution = Attribution(queryString: request.queryString)
        let query = QueryNormaliser.normalise(text)
        let now = Clock.now()
        do {
            let result = try service.match(text: text)
            let decision = result.decision
            let writes = result.pendingCommands + recorder.attempt(
                query: query, score: decision.score, outcome: decision.reason.rawValue,
                position: result.position?.id, nearest: decision.bestPositionID,
                attribution: attribution, now: now)
            for reply in try redis.pipeline(writes) {
                if case .error(let message) = reply { throw RedisError.command(message) }
            }
            guard let position = result.position else {
                return .json(NotMatched(score: decision.score,
                                        detail: MatchDetail.noMatch(decision, positions: service.currentMatcher?.positions ?? [])))
            }
            let token = config.tokens.encode(.issue(position: position.id, now: now, lifetime: config.tokenLifetime))
            let utm = attribution.queryString
            return .json(Matched(
                position: .init(id: position.id, title: position.title), score: decision.score, token: token,
                download: "/api/download?token=\(token)" + (utm.isEmpty ? "" : "&" + utm),
                detail: MatchDetail.matched(position, score: decision.score, minutes: config.tokenLifetime / 60)))
        } catch {
            Log.error("match: \(error)")
            return .error(.unavailable)
        }
    }
}
