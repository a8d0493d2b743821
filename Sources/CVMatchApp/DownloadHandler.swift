import CVMatchCore
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// `GET|HEAD /api/download?token=…`: verifies the token, spends it once in Redis (GET only) and
/// hands the PDF to nginx with `X-Accel-Redirect`. A token that fails verification never reaches Redis.
public final class DownloadHandler: RequestHandler {
    private let config: DownloadConfig
    private let redis: RedisConnection
    private let recorder: EventRecorder

    public init(config: DownloadConfig) {
        self.config = config
        self.redis = RedisConnection(settings: config.redis)
        self.recorder = EventRecorder(settings: config.events)
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard request.path == "/api/download" else {
            return .error(.notFound)
        }
        guard request.method == .get || request.method == .head else { return .error(.methodNotAllowed("GET")) }
        let now = SystemClock.now()
        let token: DownloadToken
        do {
            token = try config.tokens.verify(QueryString.value(of: "token", in: request.queryString) ?? "", now: now)
        } catch .expired {
            return .error(APIError(status: .gone, error: "token_expired", detail: "This download link has expired. Search again to get a new one."))
        } catch {
            return .error(APIError(status: .forbidden, error: "invalid_token", detail: "This download link is not valid."))
        }
        do {
            let outcome = request.method == .head
                ? try DownloadScript.peek(on: redis, token: token)
                : try DownloadScript.spend(on: redis, recorder: recorder, token: token,
                                           attribution: Attribution(queryString: request.queryString, siteHost: request.host), now: now)
            switch outcome {
            case .granted(let pdf, let filename):
                return HTTPResponse(status: .ok, headers: [
                    ("Content-Type", "application/pdf"),
                    ("Content-Disposition", "attachment; filename=\"\(DownloadFilename.safe(filename))\""),
                    ("Cache-Control", "no-store"),
                    ("X-Accel-Redirect", config.pdfLocation + DownloadFilename.safe(pdf)),
                ])
            case .alreadyUsed:
                return .error(APIError(status: .gone, error: "token_used", detail: "This download link was already used. Search again to get a new one."))
            case .positionGone:
                return .error(APIError(status: .gone, error: "position_gone", detail: "This CV is no longer offered."))
            }
        } catch {
            Log.error("download: \(error)")
            return .error(.unavailable)
        }
    }
}
