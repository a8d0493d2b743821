import Shared

/// `GET|HEAD /api/download?token=…`: verifies the token, spends it once in Redis (GET only) and
/// hands the PDF to nginx with `X-Accel-Redirect`. A token that fails verification never reaches Redis.
final class DownloadHandler: RequestHandler {
    private let config: DownloadConfig
    private let redis: RedisConnection
    private let recorder: EventRecorder

    init(config: DownloadConfig) {
        self.config = config
        self.redis = config.redis.connect()
        self.recorder = EventRecorder(settings: config.events)
    }

    func handle(_ request: FastCGIRequest) -> HTTPResponse {
        guard request.path == "/api/download" else {
            return .error(APIError(status: 404, error: "not_found", detail: "No such endpoint."))
        }
        guard request.method == "GET" || request.method == "HEAD" else { return .error(.methodNotAllowed("GET")) }
        let now = Clock.now()
        let token: DownloadToken
        do {
            token = try config.tokens.verify(QueryString.value(of: "token", in: request.queryString) ?? "", now: now)
        } catch .expired {
            return .error(APIError(status: 410, error: "token_expired", detail: "This download link has expired. Search again to get a new one."))
        } catch {
            return .error(APIError(status: 403, error: "invalid_token", detail: "This download link is not valid."))
        }
        do {
            let outcome = request.method == "HEAD"
                ? try DownloadScript.peek(on: redis, token: token)
                : try DownloadScript.spend(on: redis, recorder: recorder, token: token,
                                           attribution: Attribution(queryString: request.queryString), now: now)
            switch outcome {
            case .granted(let pdf, let filename):
                return HTTPResponse(status: 200, headers: [
                    ("Content-Type", "application/pdf"),
                    ("Content-Disposition", "attachment; filename=\"\(DownloadFilename.safe(filename))\""),
                    ("Cache-Control", "no-store"),
                    ("X-Accel-Redirect", config.pdfLocation + DownloadFilename.safe(pdf)),
                ])
            case .alreadyUsed:
                return .error(APIError(status: 410, error: "token_used", detail: "This download link was already used. Search again to get a new one."))
            case .positionGone:
                return .error(APIError(status: 410, error: "position_gone", detail: "This CV is no longer offered."))
            }
        } catch {
            Log.error("download: \(error)")
            return .error(.unavailable)
        }
    }
}
