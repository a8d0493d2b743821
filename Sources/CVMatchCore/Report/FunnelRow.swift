/// One row of a funnel report: the group's identifying values, its counts, and its labels.
public struct FunnelRow: Sendable, Equatable {
    /// In the grouping's `columns` order; nil where the value was missing.
    public var values: [String?]
    public var counts: FunnelCounts
    /// Whether any of the row's counts came from demo data (`cvctl demo`): real and demo data with
    /// the same values share one row.
    public var demo: Bool
    /// For UTM groupings: direct, known or unknown; nil for position and day rows.
    public var status: ChannelStatus?

    public init(values: [String?], counts: FunnelCounts, demo: Bool = false, status: ChannelStatus? = nil) {
        self.values = values
        self.counts = counts
        self.demo = demo
        self.status = status
    }
}

/// What a position's CV got in a report: attempts whose best candidate it was, matches, downloads.
public struct PositionRow: Sendable, Equatable {
    /// nil for attempts that had no candidate position at all.
    public var position: String?
    public var attempts: Int
    public var matches: Int
    public var downloads: Int

    public init(position: String?, attempts: Int = 0, matches: Int = 0, downloads: Int = 0) {
        self.position = position
        self.attempts = attempts
        self.matches = matches
        self.downloads = downloads
    }
}

/// A registered link (`cvctl link new`) with what its five UTM values brought in the range.
public struct LinkRow: Sendable, Equatable {
    public var link: RegisteredLink
    public var demo: Bool
    public var counts: FunnelCounts

    public init(link: RegisteredLink, demo: Bool = false, counts: FunnelCounts) {
        self.link = link
        self.demo = demo
        self.counts = counts
    }

    /// The link's UTM values as a report row's key (`ReportGrouping.link`).
    var tags: LinkTags {
        LinkTags(channel: Channel(source: link.source, medium: link.medium, campaign: link.campaign),
                 term: link.term, content: link.content)
    }
}

/// A UTM triple in the campaign overview: registered (known) or only seen in traffic (unknown).
public struct CampaignRow: Sendable, Equatable {
    public var channel: Channel
    public var counts: FunnelCounts

    public init(channel: Channel, counts: FunnelCounts) {
        self.channel = channel
        self.counts = counts
    }
}
