import CVMatchCore

/// Which events a key holds: the site's real ones, or the demo data `cvctl demo` writes; picks the
/// matching `RedisKeys` key.
///
/// Demo data mirrors the real keys under `cvm:demo:` (`cvm:demo:daily:DAY`, `cvm:demo:queries:DAY`,
/// `cvm:demo:qout:DAY`, `cvm:demo:campaigns`), so removing every `cvm:demo:*` key removes exactly
/// the demo data, and reports can merge it in and label it.
public enum DataSet: Sendable {
    case live
    case demo

    public var isDemo: Bool { self == .demo }

    /// Hash of per-day counters; fields are `EventCounter.field(...)`.
    public func daily(_ day: String) -> String {
        isDemo ? RedisKeys.demoDaily(day) : RedisKeys.daily(day)
    }

    /// Sorted set: normalised query → attempts that day.
    public func queries(_ day: String) -> String {
        isDemo ? RedisKeys.demoQueries(day) : RedisKeys.queries(day)
    }

    /// Hash: normalised query → `score|outcome|position` of its latest attempt that day.
    public func queryOutcomes(_ day: String) -> String {
        isDemo ? RedisKeys.demoQueryOutcomes(day) : RedisKeys.queryOutcomes(day)
    }

    /// Hash of registered links (`CampaignRegistry`).
    public var campaigns: String {
        isDemo ? RedisKeys.demoCampaigns : RedisKeys.campaigns
    }
}
