import CVMatchCore
import CVMatchCrypto
import CVMatchEmbedding
import CVMatchStore
import CVMatchSystem

/// Everything `match-fcgi`'s endpoints read from the environment, checked once at start.
public struct MatchConfig: Sendable {
    public let redis: RedisSettings
    public let embedding: EmbeddingSettings
    /// Admission for embedding calls, shared by every worker thread (one per process).
    public let embeddingGate: EmbeddingGate
    /// The matcher, loaded once per process and shared by every worker thread.
    public let matcher = SharedMatcher()
    /// The process's counters for `/metrics`, shared by every worker thread.
    public let metrics = MatchMetrics()
    public let searchMode: SearchMode
    public let tokens: TokenCodec
    /// Seconds a download token stays valid (`CVMATCH_TOKEN_TTL`).
    public let tokenLifetime: Int
    public let events: EventSettings
    /// Embedding calls allowed per hour and day for visitors' queries.
    public let budget: EmbeddingBudget
    /// `CVMATCH_EMBED_PRICE_PER_MTOK`, for the dashboard's cost estimate.
    public let pricePerMillionTokens: Double?
    /// What an admin request must carry besides `REMOTE_USER`; nil: statistics are refused.
    public let adminProof: AdminProof?

    public init(redis: RedisSettings, embedding: EmbeddingSettings, embeddingLimits: EmbeddingLimits = EmbeddingLimits(),
                searchMode: SearchMode, tokens: TokenCodec, tokenLifetime: Int, events: EventSettings,
                budget: EmbeddingBudget, pricePerMillionTokens: Double?, adminProof: AdminProof? = nil) {
        self.redis = redis
        self.embedding = embedding
        self.embeddingGate = EmbeddingGate(limits: embeddingLimits)
        self.searchMode = searchMode
        self.tokens = tokens
        self.tokenLifetime = tokenLifetime
        self.events = events
        self.budget = budget
        self.pricePerMillionTokens = pricePerMillionTokens
        self.adminProof = adminProof
    }

    /// Reads the variables; `readFile` reads the token key file, the API key file and the admin proof.
    public init(environment env: EnvironmentReader, readFile: (String) -> [UInt8]?) throws {
        let lifetime = try env.int(ConfigCatalog.tokenTTL)
        self.init(
            redis: try RedisSettings(environment: env),
            embedding: try EmbeddingSettings(environment: env, readFile: readFile),
            embeddingLimits: try EmbeddingLimits(environment: env),
            searchMode: try SearchMode(environment: env),
            tokens: TokenCodec(keyRing: try TokenKeyRing(environment: env, readFile: readFile), authenticator: HMACSHA256(),
                               limits: TokenClaimLimits(maximumLifetime: lifetime)),
            tokenLifetime: lifetime,
            events: try EventSettings(environment: env),
            budget: try EmbeddingBudget(environment: env),
            pricePerMillionTokens: try EmbeddingPrice.perMillionTokens(environment: env),
            adminProof: try AdminProof.load(environment: env, readFile: readFile))
    }
}
