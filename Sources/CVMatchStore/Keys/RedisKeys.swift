import CVMatchCore
import CVMatchCrypto

/// Every Redis key cvmatch uses; `docs/ARCHITECTURE.md` describes each one.
public enum RedisKeys {
    /// All keys start with this; `cvctl populate --flush` removes exactly these.
    public static let prefix = "cvm:"

    /// The fitted matcher (positions, example vectors, decision parameters) as JSON.
    public static let matcher = "cvm:matcher"
    /// Changes on every populate; processes reload the matcher when it does.
    public static let matcherVersion = "cvm:matcher:version"

    /// Hash of one position: `title`, `pdf`, `filename`.
    public static func position(_ id: String) -> String { "cvm:pos:\(id)" }
    /// `SCAN` pattern of every position hash.
    public static let positionPattern = "cvm:pos:*"

    /// Hash of one example of a matcher version: `label`, `text`, `vec` (float32 blob).
    public static func example(version: String, number: Int) -> String { "cvm:ex:\(version):\(number)" }
    public static func examplePrefix(version: String) -> String { "cvm:ex:\(version):" }
    /// The RediSearch vector index over one version's examples.
    public static func exampleIndex(version: String) -> String { exampleIndexPrefix + version }
    /// Every cvmatch vector index name starts with this.
    public static let exampleIndexPrefix = "cvm:idx:"

    /// Cached query embedding (float32 blob) for a model, prefix and normalised text.
    public static func embedding(model: String, prefix: String, text: String) -> String {
        "cvm:emb:" + Digest.sha256Hex(Array("\(model)\n\(prefix)\n\(text)".utf8))
    }

    /// Present once a download token id was used; expires with the token.
    public static func usedToken(_ jti: String) -> String { "cvm:used:\(jti)" }

    /// The query (`QueryLogText`) that earned a download token, until the token is used or expires:
    /// the download's stream entry carries it (`cvctl notify` says it). Only with query retention on.
    public static func tokenQuery(_ jti: String) -> String { "cvm:tq:\(jti)" }

    /// Present for a minute once a request's attempt was recorded: a replay of it is a no-op.
    public static func request(_ id: String) -> String { "cvm:req:\(id)" }

    /// Stream of raw events (visit, attempt, download) with their attribution.
    public static let events = "cvm:events"
    /// The consumer group of `cvm:events` that `cvctl notify` reads with (entries are acknowledged once sent).
    public static let notifyGroup = "cvm-notify"
    /// The last UTC day `cvctl notify` sent the daily digest of.
    public static let notifyDigestDay = "cvm:notify:digest"
    /// Hash of per-day counters; fields are `EventCounter.field(...)`.
    public static func daily(_ day: String) -> String { "cvm:daily:\(day)" }
    /// Sorted set: normalised query → attempts that day.
    public static func queries(_ day: String) -> String { "cvm:queries:\(day)" }
    /// Hash: normalised query → `score|outcome|position` of its latest attempt that day.
    public static func queryOutcomes(_ day: String) -> String { "cvm:qout:\(day)" }
    /// Set of the distinct `source|medium|campaign` channels counted that day (at most
    /// `EventSettings.channelsPerDay`; later new ones count as `other|other|other`).
    public static func channels(_ day: String) -> String { "cvm:channels:\(day)" }
    /// Set of salted visitor hashes seen that day (deduplicates visits).
    public static func visitors(_ day: String) -> String { "cvm:visitors:\(day)" }
    /// The random salt of that day's visitor hashes; expires after two days.
    public static func visitorSalt(_ day: String) -> String { "cvm:salt:\(day)" }

    /// Hash `calls`, `refused` of one UTC hour's embedding budget (`BudgetWindows.hour`).
    public static func budgetHour(_ hour: String) -> String { "cvm:budget:hour:\(hour)" }
    /// Hash `calls`, `refused` of one UTC day's embedding budget.
    public static func budgetDay(_ day: String) -> String { "cvm:budget:day:\(day)" }

    /// Hash of registered links (`CampaignRegistry`); field `CampaignField`, value `RegisteredLink` JSON.
    public static let campaigns = "cvm:campaigns"
    /// Every key of `cvctl demo`'s data starts with this (see `DataSet`); each mirrors a real key.
    public static let demoPrefix = "cvm:demo:"
    public static func demoDaily(_ day: String) -> String { demoPrefix + "daily:\(day)" }
    public static func demoQueries(_ day: String) -> String { demoPrefix + "queries:\(day)" }
    public static func demoQueryOutcomes(_ day: String) -> String { demoPrefix + "qout:\(day)" }
    public static let demoCampaigns = demoPrefix + "campaigns"
}
