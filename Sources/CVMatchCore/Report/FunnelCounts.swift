/// The four funnel counts of one group, and the rates between them.
public struct FunnelCounts: Sendable, Equatable {
    public var visits = 0
    public var attempts = 0
    public var matches = 0
    public var downloads = 0

    public init(visits: Int = 0, attempts: Int = 0, matches: Int = 0, downloads: Int = 0) {
        self.visits = visits
        self.attempts = attempts
        self.matches = matches
        self.downloads = downloads
    }

    public mutating func add(_ kind: EventKind, _ count: Int) {
        switch kind {
        case .visit: visits += count
        case .attempt: attempts += count
        case .match: matches += count
        case .download: downloads += count
        }
    }

    public static func += (left: inout FunnelCounts, right: FunnelCounts) {
        left.visits += right.visits
        left.attempts += right.attempts
        left.matches += right.matches
        left.downloads += right.downloads
    }

    /// Matches per attempt; nil without attempts.
    public var matchRate: Double? { Self.ratio(matches, attempts) }
    /// Downloads per visit; nil without visits.
    public var downloadsPerVisit: Double? { Self.ratio(downloads, visits) }
    /// Downloads per attempt; nil without attempts.
    public var downloadsPerAttempt: Double? { Self.ratio(downloads, attempts) }

    private static func ratio(_ part: Int, _ whole: Int) -> Double? {
        whole == 0 ? nil : Double(part) / Double(whole)
    }
}
