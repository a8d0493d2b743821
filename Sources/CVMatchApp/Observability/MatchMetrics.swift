import CVMatchCore
import CVMatchEmbedding

/// `match-fcgi`'s metrics: the shared ones, tokens issued, the query-vector cache, and the
/// embedding calls and breaker state its `EmbeddingGate` keeps. One per process.
public final class MatchMetrics: Sendable {
    /// Whether a query's vector was in the query-vector cache (`cvm:emb:*`).
    public enum CacheResult: String, CaseIterable, Sendable {
        case hit, miss
    }

    public static let routes = ["/api/match", "/api/visit", "/admin/api/stats", "/healthz", "/metrics"]

    public let service = ServiceMetrics(routes: MatchMetrics.routes)
    public let tokensIssued = MetricCounter()
    public let embeddingCache = LabelledCounters<CacheResult>()
    /// Queries refused because the embedding budget was spent (no call made).
    public let budgetRefusals = MetricCounter()

    public init() {}

    public func families(gate: EmbeddingGate) -> [MetricFamily] {
        let counts = gate.counts
        func calls(_ outcome: String, _ value: UInt64) -> MetricFamily.Sample {
            .init(labels: [MetricLabel("outcome", outcome)], value: Double(value))
        }
        return service.families + [
            MetricFamily(name: "cvmatch_tokens_issued_total", help: "Download tokens issued for matches.", kind: .counter,
                         samples: [.init(value: Double(tokensIssued.value))]),
            MetricFamily(name: "cvmatch_embedding_cache_total",
                         help: "Visitors' queries whose vector was in the query cache (hit) or not (miss: taken from a populated example, or embedded).",
                         kind: .counter, samples: embeddingCache.samples(labelName: "result")),
            MetricFamily(name: "cvmatch_embedding_calls_total",
                         help: "Embedding calls for visitors' queries by outcome: answered, failed (no usable answer), refused at once (busy: calls in flight at their limit; breaker: breaker open; budget: embedding budget spent).",
                         kind: .counter, samples: [
                            calls("answered", counts.answered.load(ordering: .relaxed)),
                            calls("failed", counts.failed.load(ordering: .relaxed)),
                            calls("busy", counts.refusedBusy.load(ordering: .relaxed)),
                            calls("breaker", counts.refusedBreaker.load(ordering: .relaxed)),
                            calls("budget", budgetRefusals.value),
                         ]),
            MetricFamily(name: "cvmatch_embedding_breaker_open",
                         help: "1 while the embedding circuit breaker refuses uncached queries at once (after failures, until its wait passes), else 0.",
                         kind: .gauge, samples: [.init(value: gate.isRefusing ? 1 : 0)]),
        ]
    }
}
