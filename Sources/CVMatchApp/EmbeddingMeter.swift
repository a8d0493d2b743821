import CVMatchCore
import CVMatchEmbedding
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// Stands between uncached texts and the embedding provider (one per thread): texts that are all
/// populated examples (every position title is one) take the examples' stored vectors and cost
/// nothing; otherwise the request, once admitted by the process's `EmbeddingGate`, is charged to the
/// budget (`BudgetScript`, one Redis call, one charge per request however many texts it carries)
/// and only then made. A spent budget
/// throws `BudgetSpent`, logged once per window across all processes.
public final class EmbeddingMeter {
    /// The vectors and the spend writes to pipeline with the request's other writes.
    public struct Metered {
        public var vectors: [[Float]]
        public var writes: [RedisConnection.Command]
    }

    private let redis: RedisConnection
    public let budget: EmbeddingBudget

    public init(redis: RedisConnection, budget: EmbeddingBudget) {
        self.redis = redis
        self.budget = budget
    }

    /// The vectors of `texts` (each typo-corrected and normalised); `example` gives a populated
    /// example's vector by its text.
    public func vectors(for texts: [String], example: (String) -> [Float]?, embedder: EmbeddingClient, now: Int) throws -> Metered {
        let known = texts.map(example)
        if known.allSatisfy({ $0 != nil }) {
            return Metered(vectors: known.compactMap { $0 }, writes: [EmbeddingSpendRecorder.cacheHit(now: now)])
        }
        // Charged once the process admits the call (`EmbeddingGate`), so a call refused for want of
        // capacity costs nothing.
        let vectors = try embedder.embed(texts, as: .query) { [redis, budget] in
            do {
                try BudgetScript.charge(on: redis, budget: budget, now: now)
            } catch let spent as BudgetSpent {
                if spent.refusalsInWindow == 1 { Log.info(spent.description) }
                throw spent
            }
        }
        let reported = embedder.lastTotalTokens
        let tokens = reported ?? texts.reduce(0) { $0 + EmbeddingSpend.estimatedTokens(embedder.settings.queryPrefix + $1) }
        return Metered(vectors: vectors, writes: EmbeddingSpendRecorder.usage(tokens: tokens, estimated: reported == nil, now: now))
    }
}
