/// The ceiling on embedding calls for visitors' queries, counted across every process and host
/// that shares the Redis (`BudgetScript`). `0` means unlimited.
public struct EmbeddingBudget: Sendable, Equatable {
    /// Defaults sized for a personal site: a few dozen distinct queries a day is normal; these
    /// leave room for a busy day and stop a flood within the hour.
    public static let defaultCallsPerHour = 300
    public static let defaultCallsPerDay = 2000

    /// Calls allowed per UTC hour (`CVMATCH_EMBED_BUDGET_PER_HOUR`); 0: unlimited.
    public var callsPerHour: Int
    /// Calls allowed per UTC day (`CVMATCH_EMBED_BUDGET_PER_DAY`); 0: unlimited.
    public var callsPerDay: Int

    public init(callsPerHour: Int = Self.defaultCallsPerHour, callsPerDay: Int = Self.defaultCallsPerDay) {
        self.callsPerHour = callsPerHour
        self.callsPerDay = callsPerDay
    }

    public init(environment env: EnvironmentReader) throws {
        self.init(callsPerHour: try env.int("CVMATCH_EMBED_BUDGET_PER_HOUR", default: Self.defaultCallsPerHour, range: 0...100_000_000),
                  callsPerDay: try env.int("CVMATCH_EMBED_BUDGET_PER_DAY", default: Self.defaultCallsPerDay, range: 0...100_000_000))
    }

    /// `300 calls/hour, 2000 calls/day` (or `unlimited`) for reports and logs.
    public var summary: String {
        func part(_ limit: Int, _ unit: String) -> String { limit == 0 ? "unlimited/\(unit)" : "\(limit) calls/\(unit)" }
        return part(callsPerHour, "hour") + ", " + part(callsPerDay, "day")
    }
}
