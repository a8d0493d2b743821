import CVMatchCore

/// `download-fcgi`'s metrics: the shared ones, and tokens spent or refused by reason. One per process.
public final class DownloadMetrics: Sendable {
    /// Why a download was refused (the `reason` label).
    public enum Refusal: String, CaseIterable, Sendable {
        /// Malformed, forged, unknown key or impossible time claims (403).
        case invalid
        case expired
        /// Spent before (410).
        case used
        case positionGone = "position_gone"
        /// The PDF is missing on disk; the token was not spent (503).
        case fileMissing = "file_missing"
        /// Redis failed, was late, or its outcome is unknown (503).
        case unavailable
    }

    public static let routes = ["/api/download", "/metrics/download"]

    public let service = ServiceMetrics(routes: DownloadMetrics.routes)
    public let tokensSpent = MetricCounter()
    public let refusals = LabelledCounters<Refusal>()

    public init() {}

    public var families: [MetricFamily] {
        service.families + [
            MetricFamily(name: "cvmatch_tokens_spent_total", help: "Download tokens spent (first GET of a valid link).",
                         kind: .counter, samples: [.init(value: Double(tokensSpent.value))]),
            MetricFamily(name: "cvmatch_tokens_refused_total", help: "Downloads refused, by reason.", kind: .counter,
                         samples: refusals.samples(labelName: "reason")),
        ]
    }
}
