import CVMatchCore
import CVMatchHTTPClient
import CVMatchSystem

/// Sends one request until it is accepted: retried with exponential backoff (0.5 s doubling to
/// 30 s, or the server's `Retry-After`) after a timeout, a refused connection, a 5xx or a 429;
/// any other 4xx is final (the request would never be accepted as it is).
public struct Delivery {
    public enum Outcome: Equatable {
        case delivered(status: Int)
        /// A 4xx other than 429: given up.
        case refused(status: Int, body: String)
        /// A stop was asked for (SIGTERM) before it was delivered.
        case stopped
    }

    public static let firstBackoffMilliseconds = 500
    public static let maximumBackoffMilliseconds = 30_000

    public let session: CurlSession
    public let label: String

    public init(session: CurlSession, label: String) {
        self.session = session
        self.label = label
    }

    /// The wait before retry number `attempt` (1-based), without `Retry-After`.
    public static func backoff(attempt: Int) -> Int {
        min(maximumBackoffMilliseconds, firstBackoffMilliseconds << min(attempt - 1, 16))
    }

    public func send(method: String = "POST", url: String, headers: [String], body: [UInt8]) -> Outcome {
        var attempt = 0
        while !StopSignal.isRaised {
            attempt += 1
            var wait = Self.backoff(attempt: attempt)
            do {
                let response = try session.send(method: method, url: url, headers: headers, body: body)
                switch response.status {
                case 200..<300: return .delivered(status: response.status)
                case 429, 500...599:
                    if let asked = RetryAfter.milliseconds(header: response.header, now: SystemClock.now()) {
                        wait = min(Self.maximumBackoffMilliseconds, max(wait, asked))
                    }
                    Log.error("\(label): HTTP \(response.status), retry \(attempt) in \(wait) ms")
                default:
                    return .refused(status: response.status, body: response.snippet)
                }
            } catch {
                Log.error("\(label): \(error.message), retry \(attempt) in \(wait) ms")
            }
            StopSignal.sleep(milliseconds: wait)
        }
        return .stopped
    }
}
