/// Everything a report is computed from, as read from Redis for one range.
public struct ReportInput: Sendable {
    /// Counter samples of the days in range (real and demo).
    public var samples: [CounterSample]
    /// The queries of the days in range.
    public var queries: QueryTally
    /// The UTM triples of registered links (`cvm:campaigns`, plus the demo registry when included).
    public var registered: Set<Channel>

    public init(samples: [CounterSample] = [], queries: QueryTally = QueryTally(), registered: Set<Channel> = []) {
        self.samples = samples
        self.queries = queries
        self.registered = registered
    }
}
