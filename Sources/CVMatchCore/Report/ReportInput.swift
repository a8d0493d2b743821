/// Everything a report is computed from, as read from Redis for one range.
public struct ReportInput: Sendable {
    /// Counter samples of the days in range (real and demo).
    public var samples: [CounterSample]
    /// The queries of the days in range.
    public var queries: QueryTally
    /// The UTM triples of registered links (`cvm:campaigns`, plus the demo registry when included).
    public var registered: Set<Channel>
    /// The embedding spend counters of the days in range (real data only), by day.
    public var spend: [String: EmbeddingSpendDay]

    public init(samples: [CounterSample] = [], queries: QueryTally = QueryTally(), registered: Set<Channel> = [],
                spend: [String: EmbeddingSpendDay] = [:]) {
        self.samples = samples
        self.queries = queries
        self.registered = registered
        self.spend = spend
    }
}
