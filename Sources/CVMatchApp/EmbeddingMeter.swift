import CVMatchCore
import CVMatchEmbedding
import CVMatchRedis
import CVMatchStore
import CVMatchSystem
/// Stands between an uncached query and the embedding provider (one per thread): a query whose
/// text is one of the populated examples (every position title is one) takes the example's
/// stored vector and costs nothing; any other is charged to the budget first (`BudgetScript`,
/// one Redis call) and only then embedded. A spent budget throws `BudgetSpent`, logged once per
/// window across all processes.
public final class EmbeddingMeter {
    /// The vector and the spend writes to pipeline with the request's other writes.
    public struct Metered {
        public var vector: [Float]
        public var writes: [RedisConnection.Command]
    }

    private let redis: RedisConnection
    public let budget: EmbeddingBudget

    public init(redis: RedisConnection, budget: EmbeddingBudget) {
        self.redis = redis
        self.budget = budget
    }

    /// The vector of `text` (typo-corrected, normalised) under the populated `examples`.
    public func vector(for text: String, examples: [LabelledVector], embedder: EmbeddingClient, now: Int) throws -> Metered {
        if let known = examples.first(where: { $0.text == text }) {
            return Metered(vector: known.vector, writes: [EmbeddingSpendRecorder.cacheHit(now: now)])
        }
        do {
            try BudgetScript.charge(on: redis, budget: budget, now: now)
        } catch let spent as BudgetSpent {
            if spent.refusalsInWindow == 1 { Log.info(spent.description) }
            throw spent
        }
        let vector = try embedder.embed([text])[0]
        let reported = embedder.lastTotalTokens
        let tokens = reported ?? EmbeddingSpend.estimatedTokens(embedder.settings.prefix + text)
        return Metered(vector: vector, writes: EmbeddingSpendRecorder.usage(tokens: tokens, estimated: reported == nil, now: now))
    }
}
