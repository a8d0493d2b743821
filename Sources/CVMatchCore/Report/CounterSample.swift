/// One per-day counter read from Redis: how many events of a kind a channel (and position) had
/// on a UTC day. Demo counters (`cvctl demo`) are flagged so reports can label them.
public struct CounterSample: Sendable, Equatable {
    /// `YYYY-MM-DD`, UTC.
    public var day: String
    public var kind: EventKind
    public var channel: Channel
    public var position: String?
    public var count: Int
    public var demo: Bool

    public init(day: String, kind: EventKind, channel: Channel, position: String? = nil, count: Int, demo: Bool = false) {
        self.day = day
        self.kind = kind
        self.channel = channel
        self.position = position
        self.count = count
        self.demo = demo
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
    private struct Parts {
        var kind: EventKind
        var channel: Channel
        var position: String?
    }

    private var known: [String: Parts?] = [:]

    public init() {}

    public mutating func samples(day: String, demo: Bool, fields: [(String, String)]) -> [CounterSample] {
        fields.compactMap { field, value in
            guard let count = Int(value), count > 0, let parts = parts(of: field) else { return nil }
            return CounterSample(day: day, kind: parts.kind, channel: parts.channel, position: parts.position,
                                 count: count, demo: demo)
        }
    }

    private mutating func parts(of field: String) -> Parts? {
        if let cached = known[field] { return cached }
        let parts = EventCounter.parse(field).map {
            Parts(kind: $0.kind, channel: Channel(source: $0.source, medium: $0.medium, campaign: $0.campaign), position: $0.position)
        }
        known[field] = parts
        return parts
    }
}
