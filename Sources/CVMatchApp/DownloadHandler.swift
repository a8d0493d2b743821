import CVMatchCore
import CVMatchCrypto
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// `GET|HEAD /api/download?token=…`: verifies the token, spends it once in Redis (GET only) and
/// hands the PDF to nginx with `X-Accel-Redirect`. A token that fails verification never reaches Redis.
/// When Redis took the spend but never answered (`RedisError.outcomeUnknown`), the token may be
/// spent: the visitor is told to search again for a new link rather than to retry this one.
public final class DownloadHandler: RequestHandler {
    private let config: DownloadConfig
    private let redis: RedisConnection
    private let recorder: EventRecorder
    /// The PDF of each position last found on disk: a GET whose file is still there spends in one
    /// round trip, the script refusing (`otherFile`) if a populate has changed the position's PDF.
    private var checkedPDFs: [String: String] = [:]

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
        let parameters = QueryString.parse(request.queryString)
        let token: DownloadToken
        do {
            token = try config.tokens.verify(parameters.first { $0.name == "token" }?.value ?? "", now: now)
        } catch .expired {
            config.metrics.refusals.increment(.expired)
            return .error(Self.expired)
        } catch {
            config.metrics.refusals.increment(.invalid)
            return .error(APIError(status: .forbidden, error: "invalid_token", detail: "This download link is not valid."))
        }
        do {
            let attribution = Attribution(parameters: parameters, siteHost: request.host)
            let requestID = SecureRandom.identifier()
            func spend(checkedPDF: String?) throws -> DownloadScript.Outcome {
                try DownloadScript.spend(on: redis, recorder: recorder, token: token, attribution: attribution,
                                         requestID: requestID, now: now, checkedPDF: checkedPDF)
            }
            var outcome: DownloadScript.Outcome?
            if request.method == .get, let directory = config.pdfDirectory, let known = checkedPDFs[token.pos],
               SystemFiles.isReadableFile(directory + DownloadFilename.safe(known)) {
                outcome = try spend(checkedPDF: known)
                if case .otherFile = outcome { outcome = nil }
            }
            if outcome == nil {
                var checked: String?
                if let directory = config.pdfDirectory,
                   case .granted(let pdf, _) = try DownloadScript.peek(on: redis, token: token) {
                    guard SystemFiles.isReadableFile(directory + DownloadFilename.safe(pdf)) else {
                        checkedPDFs[token.pos] = nil
                        config.metrics.refusals.increment(.fileMissing)
                        Log.error("download: \(directory + DownloadFilename.safe(pdf)) is missing; the token was not spent")
                        return .error(Self.fileMissing)
                    }
                    checkedPDFs[token.pos] = pdf
                    checked = pdf
                }
                outcome = request.method == .head ? try DownloadScript.peek(on: redis, token: token)
                    : try spend(checkedPDF: checked)
            }
            switch outcome! {
            case .granted(let pdf, let filename):
                if request.method == .get { config.metrics.tokensSpent.increment() }
                return HTTPResponse(status: .ok, headers: [
                    ("Content-Type", "application/pdf"),
                    ("Content-Disposition", "attachment; filename=\"\(DownloadFilename.safe(filename))\""),
                    ("Cache-Control", "no-store"),
                    ("X-Accel-Redirect", config.pdfLocation + DownloadFilename.safe(pdf)),
                ])
            case .alreadyUsed:
                config.metrics.refusals.increment(.used)
                return .error(APIError(status: .gone, error: "token_used", detail: "This download link was already used. Search again to get a new one."))
            case .positionGone:
                config.metrics.refusals.increment(.positionGone)
                return .error(APIError(status: .gone, error: "position_gone", detail: "This CV is no longer offered."))
            case .expired:
                config.metrics.refusals.increment(.expired)
                return .error(Self.expired)
            case .late:
                config.metrics.refusals.increment(.unavailable)
                Log.error("download: Redis answered after the deadline; the token was not spent")
                return .error(.unavailable)
            case .otherFile:
                config.metrics.refusals.increment(.unavailable)
                Log.error("download: position \(token.pos)'s PDF changed twice during one request; the token was not spent")
                return .error(.unavailable)
            }
        } catch RedisError.outcomeUnknown(let why) {
            config.metrics.refusals.increment(.unavailable)
            config.metrics.service.redisErrors.increment(.outcomeUnknown)
            Log.error("download: outcome unknown: \(why)")
            return .error(Self.outcomeUnknown)
        } catch {
            config.metrics.refusals.increment(.unavailable)
            config.metrics.service.countFailure(error)
            Log.error("download: \(error)")
            return .error(.unavailable)
        }
    }

    /// The PDF is not on disk (yet): nothing was spent, the same link works once it is back.
    static let fileMissing = APIError(
        status: .serviceUnavailable, error: "unavailable",
        detail: "This CV cannot be downloaded right now. The link stays valid; please try again later.")

    static let expired = APIError(status: .gone, error: "token_expired",
                                  detail: "This download link has expired. Search again to get a new one.")

    /// The spend may have happened: this link may no longer work, a new search gives a fresh one.
    static let outcomeUnknown = APIError(
        status: .serviceUnavailable, error: "unavailable",
        detail: "The download could not be completed. Please search again for a new link in a minute.")
}
