/// A funnel report over a range of days: what `cvctl report` prints and the dashboard draws.
public struct ChannelReport: Sendable, Equatable {
    public var range: ReportRange
    public var grouping: ReportGrouping
    /// Funnel rows by `grouping`, most visits first.
    public var rows: [FunnelRow]
    /// Funnel rows by source, medium and campaign (the `"channels"` of the JSON), most visits first.
    public var channels: [FunnelRow]
    public var totals: FunnelCounts
    /// Every day of the range, oldest first, zeros included.
    public var daily: [DayCounts]
    /// Attempts, matches and downloads per position, most downloads first.
    public var positions: [PositionRow]
    public var topQueries: [QueryRow]
    /// Every registered UTM triple with its counts (zero when its links brought nobody).
    public var knownCampaigns: [CampaignRow]
    /// Tagged triples seen in traffic that no registered link carries.
    public var unknownCampaigns: [CampaignRow]
    /// Every registered link with the visits, attempts, matches and downloads its exact UTM values
    /// brought, most visits first.
    public var links: [LinkRow] = []
    /// Whether demo data (`cvctl demo`) is part of the numbers.
    public var includesDemo: Bool
    /// Embedding calls, cache hits, budget refusals and cost per day.
    public var embedding = EmbeddingSpendReport()
    /// The row every number is restricted to, if any.
    public var filter: ReportFilter?
}

/// The funnel counts of one UTC day.
public struct DayCounts: Sendable, Equatable {
    public var day: String
    public var counts: FunnelCounts

    public init(day: String, counts: FunnelCounts) {
        self.day = day
        self.counts = counts
    }
}
