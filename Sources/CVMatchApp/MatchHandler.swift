import CVMatchCore
import CVMatchCrypto
import CVMatchStore
import CVMatchSystem

/// `POST /api/match`: scores the visitor's position text and, on a match, issues a download token.
final class MatchHandler {
    private let config: MatchConfig
    private let service: MatchService

    init(config: MatchConfig, service: MatchService) {
        self.config = config
        self.service = service
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

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == .post else { return .error(.methodNotAllowed("POST")) }
        let text: String
        do {
            text = try MatchRequest.position(contentType: request.contentType, body: request.body,
                                             bodyTooLarge: request.bodyTooLarge)
        } catch {
            return .error(error)
        }
        let attribution = Attribution(queryString: request.queryString, siteHost: request.host)
        let now = SystemClock.now()
        do {
            let tokenID = SecureRandom.bytes(16)
            let result = try service.match(text: text, recording: .init(
                attribution: attribution, requestID: SecureRandom.identifier(), now: now,
                token: (Base64URL.encode(tokenID), config.tokenLifetime)))
            let decision = result.decision
            if result.embeddingCached {
                config.metrics.embeddingCache.increment(.hit)
            } else if !result.neighbours.isEmpty {
                config.metrics.embeddingCache.increment(.miss)
            }
            guard let position = result.position else {
                return .json(NotMatched(score: decision.score,
                                        detail: MatchDetail.noMatch(decision, positions: result.positions)))
            }
            let token = config.tokens.encode(.issue(position: position.id, randomID: tokenID, now: now,
                                                    lifetime: config.tokenLifetime))
            config.metrics.tokensIssued.increment()
            let utm = attribution.queryString
            return .json(Matched(
                position: .init(id: position.id, title: position.title), score: decision.score, token: token,
                download: "/api/download?token=\(token)" + (utm.isEmpty ? "" : "&" + utm),
                detail: MatchDetail.matched(position, minutes: config.tokenLifetime / 60)))
        } catch let refusal as BusyRefusal {
            config.metrics.budgetRefusals.increment()
            return BusyAnswer.response(refusal.spent, positions: refusal.positions, now: now)
        } catch {
            config.metrics.service.countFailure(error)
            Log.error("match: \(error)")
            return .error(.unavailable)
        }
    }
}
