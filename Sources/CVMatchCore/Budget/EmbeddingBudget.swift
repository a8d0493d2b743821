/// The ceiling on embedding calls for visitors' queries, counted across every process and host
/// that shares the Redis (`BudgetScript`). `0` means unlimited.
public struct EmbeddingBudget: Sendable, Equatable {
    /// Calls allowed per UTC hour (`CVMATCH_EMBED_BUDGET_PER_HOUR`); 0: unlimited.
    public var callsPerHour: Int
    /// Calls allowed per UTC day (`CVMATCH_EMBED_BUDGET_PER_DAY`); 0: unlimited.
    public var callsPerDay: Int

    /// The defaults (`ConfigCatalog`) are sized for a personal site: a few dozen distinct queries a
    /// day is normal; they leave room for a busy day and stop a flood within the hour.
    public init(callsPerHour: Int, callsPerDay: Int) {
        self.callsPerHour = callsPerHour
        self.callsPerDay = callsPerDay
    }

    public init(environment env: EnvironmentReader) throws {
        self.init(callsPerHour: try env.int(ConfigCatalog.embedBudgetPerHour),
                  callsPerDay: try env.int(ConfigCatalog.embedBudgetPerDay))
    }

    /// `300 calls/hour, 2000 calls/day` (or `unlimited`) for reports and logs.
    public var summary: String {
        func part(_ limit: Int, _ unit: String) -> String { limit == 0 ? "unlimited/\(unit)" : "\(limit) calls/\(unit)" }
        return part(callsPerHour, "hour") + ", " + part(callsPerDay, "day")
    }
}
