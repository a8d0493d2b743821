/// One per-day counter read from Redis: how many events of a kind a channel (and position) had
/// on a UTC day. Demo counters (`cvctl demo`) are flagged so reports can label them.
public struct CounterSample: Sendable, Equatable {
    /// `YYYY-MM-DD`, UTC.
    public var day: String
    public var kind: EventKind
    /// The UTM source, medium and campaign as tagged (direct when untagged).
    public var channel: Channel
    public var position: String?
    public var term: String?
    public var content: String?
    /// The normalised referring host (`ReferrerHost`).
    public var referrer: String?
    public var count: Int
    public var demo: Bool

    public init(day: String, kind: EventKind, channel: Channel, position: String? = nil, term: String? = nil,
                content: String? = nil, referrer: String? = nil, count: Int, demo: Bool = false) {
        self.day = day
        self.kind = kind
        self.channel = channel
        self.position = position
        self.term = term
        self.content = content
        self.referrer = referrer
        self.count = count
        self.demo = demo
    }

    /// Whether the event carried UTM values.
    public var isTagged: Bool { !channel.isDirect || term != nil || content != nil }

    /// The channel reports group by: the UTM values when tagged; for an untagged event with a
    /// referrer, source = the referring host and medium = its `ReferrerChannel`; else direct.
    public var attributedChannel: Channel {
        guard !isTagged, let referrer else { return channel }
        return Channel(source: referrer, medium: ReferrerChannel(host: referrer).rawValue)
    }

    /// The samples of one day's counter hash (field → count, as `HGETALL` returns it); fields that
    /// are not `EventCounter` fields and non-positive counts are skipped.
    public static func parse(day: String, demo: Bool, fields: [(String, String)]) -> [CounterSample] {
        var parser = CounterFieldParser()
        return parser.samples(day: day, demo: demo, fields: fields)
    }
}

/// Parses counter fields, remembering each distinct field: every day repeats the same few hundred,
/// so a year of counters parses each of them once.
public struct CounterFieldParser {
    private var known: [String: EventCounter.Parts?] = [:]

    public init() {}

    public mutating func samples(day: String, demo: Bool, fields: [(String, String)]) -> [CounterSample] {
        fields.compactMap { field, value in
            guard let count = Int(value), count > 0, let parts = parts(of: field) else { return nil }
            return CounterSample(day: day, kind: parts.kind,
                                 channel: Channel(source: parts.source, medium: parts.medium, campaign: parts.campaign),
                                 position: parts.position, term: parts.term, content: parts.content,
                                 referrer: parts.referrer, count: count, demo: demo)
        }
    }

    private mutating func parts(of field: String) -> EventCounter.Parts? {
        if let cached = known[field] { return cached }
        let parts = EventCounter.parse(field)
        known[field] = parts
        return parts
    }
}
