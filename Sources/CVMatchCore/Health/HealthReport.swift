/// The answer of `GET /healthz`: whether Redis answers, which matcher is populated, and the
/// embedding server's state as the process's circuit breaker last saw it. Healthy (200) only when
/// nothing is down; otherwise 503 with `down` naming the parts.
public struct HealthReport: Encodable, Sendable, Equatable {
    /// The embedding server as the breaker sees it: `unknown` before the first call ended.
    public enum EmbedderState: String, Encodable, Sendable {
        case ok, down, unknown
    }

    /// `ok` or `down`.
    public var redis: String
    /// The populated matcher's version; `none` when nothing is populated, `unknown` when Redis is down.
    public var matcher: String
    public var embedder: EmbedderState
    /// The parts that are down, when any.
    public var down: [String]?

    /// - Parameter matcherVersion: nil when Redis answered that nothing is populated (or did not answer).
    public init(redisReachable: Bool, matcherVersion: String?, embedder: EmbedderState) {
        redis = redisReachable ? "ok" : "down"
        matcher = redisReachable ? (matcherVersion ?? "none") : "unknown"
        self.embedder = embedder
        var parts: [String] = []
        if !redisReachable { parts.append("redis") }
        if redisReachable && matcherVersion == nil { parts.append("matcher") }
        if embedder == .down { parts.append("embedder") }
        down = parts.isEmpty ? nil : parts
    }

    public var status: HTTPStatus { down == nil ? .ok : .serviceUnavailable }
}
