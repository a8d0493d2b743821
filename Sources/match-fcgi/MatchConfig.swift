import Shared

/// Everything `match-fcgi` reads from its environment, checked once at start.
struct MatchConfig: Sendable {
    let fastCGI: FastCGISettings
    let redis: RedisSettings
    let embedding: EmbeddingSettings
    let searchMode: SearchMode
    let tokens: TokenCodec
    /// Seconds a download token stays valid (`CVMATCH_TOKEN_TTL`).
    let tokenLifetime: Int
    let events: EventSettings
    /// Embedding calls allowed per hour and day for visitors' queries.
    let budget: EmbeddingBudget
    /// `CVMATCH_EMBED_PRICE_PER_MTOK` for the dashboard's cost estimate.
    let pricePerMillionTokens: Double?

    init(environment env: EnvironmentReader) throws {
        fastCGI = try FastCGISettings(environment: env, defaultSocket: "/run/cvmatch/match.sock",
                                      maximumBodyBytes: MatchRequest.maximumBodyBytes)
        redis = try RedisSettings(environment: env)
        embedding = try EmbeddingSettings(environment: env)
        searchMode = try SearchMode(environment: env)
        tokens = TokenCodec(keyRing: try TokenKeyRing(environment: env))
        tokenLifetime = try env.int("CVMATCH_TOKEN_TTL", default: 600, range: 30...86_400)
        events = try EventSettings(environment: env)
        budget = try EmbeddingBudget(environment: env)
        pricePerMillionTokens = try EmbeddingPrice.perMillionTokens(environment: env)
    }
}
