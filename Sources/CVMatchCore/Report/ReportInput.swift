/// Everything a report is computed from, as read from Redis for one range.
public struct ReportInput: Sendable {
    /// Counter samples of the days in range (real and demo).
    public var samples: [CounterSample]
    /// The queries of the days in range.
    public var queries: QueryTally
    /// The UTM values of registered links (`cvm:campaigns`, plus the demo registry when included).
    public var registeredLinks: Set<LinkTags>
    /// The registered links themselves (URL, short link), flagged when from the demo registry.
    public var links: [(link: RegisteredLink, demo: Bool)] = []
    /// The embedding spend counters of the days in range (real data only), by day.
    public var spend: [String: EmbeddingSpendDay]

    /// The UTM triples of the registered links.
    public var registered: Set<Channel> { Set(registeredLinks.map(\.channel)) }

    public init(samples: [CounterSample] = [], queries: QueryTally = QueryTally(), registeredLinks: Set<LinkTags> = [],
                spend: [String: EmbeddingSpendDay] = [:]) {
        self.samples = samples
        self.queries = queries
        self.registeredLinks = registeredLinks
        self.spend = spend
    }

    /// Registered links given by their triples only (no term or content).
    public init(samples: [CounterSample] = [], queries: QueryTally = QueryTally(), registered: Set<Channel>,
                spend: [String: EmbeddingSpendDay] = [:]) {
        self.init(samples: samples, queries: queries, registeredLinks: Set(registered.map { LinkTags(channel: $0) }),
                  spend: spend)
    }
}
