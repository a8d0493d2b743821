/// What a report's funnel rows are grouped by (`cvctl report --by`).
public enum ReportGrouping: String, Sendable, CaseIterable {
    /// Source, medium and campaign together: one row per tagged link kind.
    case channel
    case source
    case medium
    case campaign
    case sourceCampaign = "source,campaign"
    case position
    case day

    /// The names of the values that identify a row, as report columns.
    public var columns: [String] {
        switch self {
        case .channel: return ["utm_source", "utm_medium", "utm_campaign"]
        case .source: return ["utm_source"]
        case .medium: return ["utm_medium"]
        case .campaign: return ["utm_campaign"]
        case .sourceCampaign: return ["utm_source", "utm_campaign"]
        case .position: return ["position"]
        case .day: return ["day"]
        }
    }

    /// Whether rows describe UTM values (and so have a `ChannelStatus`).
    public var isChannelGrouping: Bool { self != .position && self != .day }

    /// The values identifying the row a sample belongs to, in `columns` order.
    func values(of sample: CounterSample) -> [String?] {
        let c = sample.channel
        switch self {
        case .channel: return [c.source, c.medium, c.campaign]
        case .source: return [c.source]
        case .medium: return [c.medium]
        case .campaign: return [c.campaign]
        case .sourceCampaign: return [c.source, c.campaign]
        case .position: return [sample.position]
        case .day: return [sample.day]
        }
    }

    /// The row's values of a registered channel, to compare with a row's values.
    func values(of channel: Channel) -> [String?] {
        values(of: CounterSample(day: "", kind: .visit, channel: channel, count: 0))
    }
}
