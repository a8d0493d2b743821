import CVMatchApp
import CVMatchCore
import CVMatchStore

/// Believable made-up traffic for `cvctl demo`: several channels with their own conversion rates,
/// busier on weekdays than at weekends. The same day always gets the same numbers.
public struct DemoTraffic: Sendable {
    /// One channel's habits: visits on an average weekday and the funnel's step rates.
    public struct Profile: Sendable {
        public var channel: Channel
        public var weekdayVisits: Double
        public var attemptRate: Double
        public var matchRate: Double
        public var downloadRate: Double
        /// Whether the demo registers a link for it (the others show up as unknown UTM values).
        public var registered: Bool
        /// The referring host its visitors arrive from (untagged profiles are attributed by it).
        public var referrer: String? = nil
    }

    /// One day of demo data in the shapes the site writes.
    public struct Day: Sendable, Equatable {
        public var day: String
        /// `EventCounter.field(...)` → count.
        public var counters: [String: Int]
        /// Normalised query → attempts.
        public var queries: [String: Int]
        /// Normalised query → its stored `QueryOutcomeRecord`.
        public var outcomes: [String: String]
    }

    public static let profiles: [Profile] = [
        Profile(channel: Channel(source: "linkedin", medium: "social", campaign: "apply-directly"),
                weekdayVisits: 16, attemptRate: 0.55, matchRate: 0.8, downloadRate: 0.7, registered: true),
        Profile(channel: Channel(source: "github", medium: "referral", campaign: "readme"),
                weekdayVisits: 9, attemptRate: 0.35, matchRate: 0.75, downloadRate: 0.45, registered: true),
        Profile(channel: Channel(source: "email", medium: "email", campaign: "recruiter-follow-up"),
                weekdayVisits: 3, attemptRate: 0.85, matchRate: 0.9, downloadRate: 0.85, registered: true),
        Profile(channel: Channel(source: "cv-pdf", medium: "document", campaign: "cv-footer"),
                weekdayVisits: 4, attemptRate: 0.6, matchRate: 0.85, downloadRate: 0.6, registered: true),
        Profile(channel: .direct, weekdayVisits: 11, attemptRate: 0.25, matchRate: 0.6, downloadRate: 0.35, registered: false),
        Profile(channel: .direct, weekdayVisits: 6, attemptRate: 0.45, matchRate: 0.75, downloadRate: 0.6, registered: false,
                referrer: "linkedin.com"),
        Profile(channel: .direct, weekdayVisits: 4, attemptRate: 0.3, matchRate: 0.65, downloadRate: 0.4, registered: false,
                referrer: "google.com"),
        Profile(channel: .direct, weekdayVisits: 3, attemptRate: 0.35, matchRate: 0.7, downloadRate: 0.5, registered: false,
                referrer: "github.com"),
        Profile(channel: Channel(source: "x", medium: "social", campaign: "launch-post"),
                weekdayVisits: 5, attemptRate: 0.2, matchRate: 0.55, downloadRate: 0.3, registered: false),
    ]

    /// Visits relative to an average weekday, Monday first.
    static let weekdayFactors = [1.1, 1.25, 1.2, 1.05, 0.85, 0.4, 0.35]

    /// Queries that do not match any CV, with their outcome and score.
    static let misses: [(query: String, outcome: MatchDecision.Reason, score: Int, nearest: Bool)] = [
        ("data scientist", .tooFar, 31, true), ("sales manager", .tooFar, 24, true),
        ("registered nurse", .counterExample, 12, false), ("asdf qwer", .noRealWords, 0, false),
    ]

    /// Position ids and titles the demo attempts go to, most popular first.
    public let positions: [(id: String, title: String)]

    public init(positions: [(id: String, title: String)]) {
        precondition(!positions.isEmpty)
        self.positions = positions
    }

    /// The links the demo registers, one per registered profile, each with a made-up short link
    /// on the reserved `go.example` domain.
    public func registeredLinks(base: String, created: String) -> [RegisteredLink] {
        Self.profiles.filter(\.registered).compactMap { p in
            guard let source = p.channel.source, let medium = p.channel.medium, let campaign = p.channel.campaign,
                  let link = try? TaggedLink(base: base, source: source, medium: medium, campaign: campaign)
            else { return nil }
            var registered = RegisteredLink(link, created: created)
            registered.shortLink = "https://go.example/" + campaign
            return registered
        }
    }

    /// The demo data of a day (days since 1970-01-01).
    public func day(_ dayNumber: Int) -> Day {
        var day = Day(day: CalendarDay.day(ofDayNumber: dayNumber), counters: [:], queries: [:], outcomes: [:])
        let weekday = ((dayNumber + 3) % 7 + 7) % 7   // 1970-01-01 was a Thursday
        for (index, profile) in Self.profiles.enumerated() {
            var random = SplitMix64(seed: UInt64(truncatingIfNeeded: dayNumber) &* 1_000_003 &+ UInt64(index))
            let mean = profile.weekdayVisits * Self.weekdayFactors[weekday]
            let visits = Int((mean * (0.7 + 0.6 * random.unit())).rounded())
            let attempts = random.binomial(visits, profile.attemptRate)
            let matches = random.binomial(attempts, profile.matchRate)
            let downloads = random.binomial(matches, profile.downloadRate)
            let attribution = Attribution(source: profile.channel.source, medium: profile.channel.medium,
                                          campaign: profile.channel.campaign, referrer: profile.referrer)
            day.counters[EventCounter.field(.visit, attribution), default: 0] += visits
            var matchedPositions: [String] = []
            for _ in 0..<matches {
                let position = pickPosition(&random)
                matchedPositions.append(position.id)
                day.counters[EventCounter.field(.attempt, attribution, position: position.id), default: 0] += 1
                day.counters[EventCounter.field(.match, attribution, position: position.id), default: 0] += 1
                let phrasings = Self.phrasings(of: position.title)
                let choice = random.below(phrasings.count)
                day.queries[phrasings[choice], default: 0] += 1
                day.outcomes[phrasings[choice]] =
                    QueryOutcomeRecord(score: 93 - 7 * choice, outcome: .matched, position: position.id).encoded
            }
            for _ in matches..<max(attempts, matches) {
                let miss = Self.misses[random.below(Self.misses.count)]
                let nearest = miss.nearest ? positions[0].id : nil
                day.counters[EventCounter.field(.attempt, attribution, position: nearest), default: 0] += 1
                day.queries[miss.query, default: 0] += 1
                day.outcomes[miss.query] = QueryOutcomeRecord(score: miss.score, outcome: miss.outcome, position: nearest).encoded
            }
            for _ in 0..<downloads {
                let position = matchedPositions[random.below(matchedPositions.count)]
                day.counters[EventCounter.field(.download, attribution, position: position), default: 0] += 1
            }
        }
        return day
    }

    /// The first position gets two thirds of the attempts, the rest share the remainder.
    private func pickPosition(_ random: inout SplitMix64) -> (id: String, title: String) {
        positions.count == 1 || random.unit() < 0.65 ? positions[0] : positions[1 + random.below(positions.count - 1)]
    }

    /// How visitors phrase a position, most common first, normalised like the site does.
    static func phrasings(of title: String) -> [String] {
        let t = QueryNormaliser.normalise(title)
        return [t, "senior \(t)", "\(t) remote", "lead \(t)"]
    }
}

/// A small seeded random generator (SplitMix64), so demo days are reproducible.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }

    /// Uniform in 0..<bound.
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// Successes in `trials` draws with probability `p`.
    mutating func binomial(_ trials: Int, _ p: Double) -> Int {
        (0..<max(trials, 0)).reduce(0) { count, _ in unit() < p ? count + 1 : count }
    }
}
