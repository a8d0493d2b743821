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

        /// The same bytes `HTTPResponse.json(self)` writes, without the encoder (nil: use it).
        func jsonBody() -> [UInt8]? {
            var out = JSONBytes()
            out.raw(#"{"detail":"#)
            out.string(detail)
            out.raw(#","download":"#)
            out.string(download)
            out.raw(#","matched":"#)
            out.raw(matched ? "true" : "false")
            out.raw(#","position":{"id":"#)
            out.string(position.id)
            out.raw(#","title":"#)
            out.string(position.title)
            out.raw(#"},"score":"#)
            out.integer(score)
            out.raw(#","token":"#)
            out.string(token)
            out.raw("}")
            return out.result
        }
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
            // The token id and the request id from one call to the generator.
            let random = SecureRandom.bytes(32)
            let tokenID = Array(random[..<16])
            let result = try service.match(text: text, recording: .init(
                attribution: attribution, requestID: Base64URL.encode(Array(random[16...])), now: now,
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
            let answer = Matched(
                position: .init(id: position.id, title: position.title), score: decision.score, token: token,
                download: "/api/download?token=\(token)" + (utm.isEmpty ? "" : "&" + utm),
                detail: MatchDetail.matched(position, minutes: config.tokenLifetime / 60))
            return answer.jsonBody().map { .json(body: $0) } ?? .json(answer)
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
