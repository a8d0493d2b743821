import CVMatchCore
import CVMatchCrypto
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// `POST /api/visit` (the page's beacon): counts a visit with its attribution, once per visitor and day.
/// The body may carry the page's `document.referrer` (`VisitRequest`); only its normalised host is
/// kept, and none when it is the site itself. `HEAD` and bots get the same 204 without being counted.
final class VisitHandler {
    private let redis: RedisConnection
    private let recorder: EventRecorder
    private let metrics: ServiceMetrics

    init(redis: RedisConnection, recorder: EventRecorder, metrics: ServiceMetrics) {
        self.redis = redis
        self.recorder = recorder
        self.metrics = metrics
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        if request.method == .head || (request.method == .post && BotFilter.isBot(userAgent: request.userAgent)) {
            return .noContent()
        }
        guard request.method == .post else { return .error(.methodNotAllowed("POST")) }
        var attribution = Attribution(queryString: request.queryString, siteHost: request.host)
        do {
            if let referrer = try VisitRequest.referrer(body: request.body, bodyTooLarge: request.bodyTooLarge) {
                attribution.setReferrer(referrer, siteHost: request.host)
            }
        } catch {
            return .error(error)
        }
        do {
            _ = try VisitScript.record(on: redis, recorder: recorder, attribution: attribution,
                                       visitor: request.remoteAddress + "|" + request.userAgent,
                                       requestID: SecureRandom.identifier(), now: SystemClock.now())
            return .noContent()
        } catch {
            metrics.countFailure(error)
            Log.error("visit: \(error)")
            return .error(.unavailable)
        }
    }
}
