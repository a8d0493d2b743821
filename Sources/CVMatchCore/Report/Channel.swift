/// Where visitors came from: the `utm_source`, `utm_medium` and `utm_campaign` values (nil when
/// missing). All three missing is the "direct" channel.
public struct Channel: Hashable, Sendable, Comparable {
    public var source: String?
    public var medium: String?
    public var campaign: String?

    public init(source: String? = nil, medium: String? = nil, campaign: String? = nil) {
        self.source = source
        self.medium = medium
        self.campaign = campaign
    }

    public static let direct = Channel()

    public var isDirect: Bool { self == .direct }

    public static func < (left: Channel, right: Channel) -> Bool {
        func key(_ c: Channel) -> [String] { [c.source ?? "", c.medium ?? "", c.campaign ?? ""] }
        return key(left).lexicographicallyPrecedes(key(right))
    }
}

/// How a group's UTM values relate to the registered campaigns (`cvctl link new`).
public enum ChannelStatus: String, Sendable, Codable {
    /// No UTM values at all.
    case direct
    /// A registered link carries these values.
    case known
    /// Tagged, but with values no registered link carries.
    case unknown
    /// Untagged, attributed by the referring site: source = its host, medium = its `ReferrerChannel`.
    case referred
}
