/// What a report's funnel rows are grouped by (`cvctl report --by`).
public enum ReportGrouping: String, Sendable, CaseIterable {
    /// Source, medium and campaign together: one row per tagged link kind.
    case channel
    case source
    case medium
    case campaign
    case sourceCampaign = "source,campaign"
    case term
    case content
    /// All five UTM values: one row per distinct tagged link.
    case link
    case position
    case day
    /// The normalised referring host, tagged or not.
    case referrer

    /// The names of the values that identify a row, as report columns.
    public var columns: [String] {
        switch self {
        case .channel: return ["utm_source", "utm_medium", "utm_campaign"]
        case .source: return ["utm_source"]
        case .medium: return ["utm_medium"]
        case .campaign: return ["utm_campaign"]
        case .sourceCampaign: return ["utm_source", "utm_campaign"]
        case .term: return ["utm_term"]
        case .content: return ["utm_content"]
        case .link: return ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"]
        case .position: return ["position"]
        case .day: return ["day"]
        case .referrer: return ["referrer"]
        }
    }

    /// Whether rows describe UTM values (and so have a `ChannelStatus`).
    public var isChannelGrouping: Bool { self != .position && self != .day && self != .referrer }

    /// The values identifying the row a sample belongs to, in `columns` order. UTM groupings use the
    /// attributed channel, so an untagged visit from a referrer counts under that site.
    func values(of sample: CounterSample) -> [String?] {
        let c = sample.attributedChannel
        switch self {
        case .channel: return [c.source, c.medium, c.campaign]
        case .source: return [c.source]
        case .medium: return [c.medium]
        case .campaign: return [c.campaign]
        case .sourceCampaign: return [c.source, c.campaign]
        case .term: return [sample.term]
        case .content: return [sample.content]
        case .link: return [c.source, c.medium, c.campaign, sample.term, sample.content]
        case .position: return [sample.position]
        case .day: return [sample.day]
        case .referrer: return [sample.referrer]
        }
    }

    /// The row's values of a registered link, to compare with a row's values.
    func values(of link: LinkTags) -> [String?] {
        values(of: CounterSample(day: "", kind: .visit, channel: link.channel, term: link.term, content: link.content, count: 0))
    }

    /// Whether a sample counts in this grouping's rows: visits belong to no position, so `position`
    /// rows hold attempts, matches and downloads only (visits stay in the totals).
    func counts(_ sample: CounterSample) -> Bool {
        self != .position || sample.kind != .visit
    }
}
