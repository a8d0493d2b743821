import Shared

/// `POST /api/visit` (the page's beacon): counts a visit with its attribution, once per visitor and day.
/// `HEAD` and bots get the same 204 without being counted.
final class VisitHandler {
    private let redis: RedisConnection
    private let recorder: EventRecorder

    init(redis: RedisConnection, recorder: EventRecorder) {
        self.redis = redis
        self.recorder = recorder
    }

    func handle(_ request: FastCGIRequest) -> HTTPResponse {
        if request.method == "HEAD" || (request.method == "POST" && BotFilter.isBot(userAgent: request.userAgent)) {
            return .noContent()
        }
        guard request.method == "POST" else { return .error(.methodNotAllowed("POST")) }
        do {
            _ = try VisitScript.record(on: redis, recorder: recorder,
                                       attribution: Attribution(queryString: request.queryString),
                                       visitor: request.remoteAddress + "|" + request.userAgent, now: Clock.now())
            return .noContent()
        } catch {
            Log.error("visit: \(error)")
            return .error(.unavailable)
        }
    }
}
