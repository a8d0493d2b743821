/// Merges the per-day query counts (`cvm:queries:DAY`) and latest outcomes (`cvm:qout:DAY`) of a
/// range; feed days oldest first so the newest outcome of a query wins.
public struct QueryTally: Sendable {
    private var attempts: [String: Int] = [:]
    private var latest: [String: String] = [:]

    public init() {}

    /// Adds one day's `query → attempts`.
    public mutating func add(counts: [(String, Int)]) {
        for (query, count) in counts where count > 0 { attempts[query, default: 0] += count }
    }

    /// Records one day's `query → "score|outcome|position"`.
    public mutating func record(outcomes: [(String, String)]) {
        for (query, outcome) in outcomes { latest[query] = outcome }
    }

    /// The `limit` most attempted queries, ties by query text.
    public func top(_ limit: Int) -> [QueryRow] {
        attempts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(limit)
            .map { query, count in QueryRow(query: query, attempts: count, latest: latest[query]) }
    }
}

/// A frequent query with the score, outcome and position of its latest attempt.
public struct QueryRow: Sendable, Equatable {
    public var query: String
    public var attempts: Int
    public var score: Int?
    /// A `MatchDecision.Reason` raw value, e.g. `matched` or `tooFar`.
    public var outcome: String?
    public var position: String?

    public init(query: String, attempts: Int, score: Int? = nil, outcome: String? = nil, position: String? = nil) {
        self.query = query
        self.attempts = attempts
        self.score = score
        self.outcome = outcome
        self.position = position
    }

    /// Reads the latest outcome from its stored form (`QueryOutcomeRecord`).
    init(query: String, attempts: Int, latest: String?) {
        let record = latest.map(QueryOutcomeRecord.init(decoding:))
        self.init(query: query, attempts: attempts, score: record?.score, outcome: record?.outcome?.rawValue,
                  position: record?.position)
    }
}
