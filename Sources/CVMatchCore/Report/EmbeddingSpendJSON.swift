/// The `"embedding"` object of a report's JSON: `budget` (`per_hour`, `per_day`, 0 = unlimited;
/// null when unknown), `price_per_mtok` (null when unset), `totals` and `daily` (each
/// `calls`, `cache_hits`, `busy`, `tokens`, `estimated_calls`, `cost` — null without a price;
/// `daily` rows also have `day`).
struct EmbeddingSpendJSON: Encodable {
    var report: EmbeddingSpendReport

    private struct Budget: Encodable {
        var per_hour: Int
        var per_day: Int
    }

    private struct Day: Encodable {
        var day: String?
        var calls: Int
        var cache_hits: Int
        var busy: Int
        var tokens: Int
        var estimated_calls: Int
        var cost: Double?

        init(_ spend: EmbeddingSpendDay, report: EmbeddingSpendReport, withDay: Bool) {
            day = withDay ? spend.day : nil
            calls = spend.calls
            cache_hits = spend.cached
            busy = spend.refused
            tokens = spend.tokens
            estimated_calls = spend.estimatedCalls
            cost = report.cost(spend).map { ($0 * 1_000_000_000).rounded() / 1_000_000_000 }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            if let day { try c.encode(day, forKey: .day) }
            try c.encode(calls, forKey: .calls)
            try c.encode(cache_hits, forKey: .cache_hits)
            try c.encode(busy, forKey: .busy)
            try c.encode(tokens, forKey: .tokens)
            try c.encode(estimated_calls, forKey: .estimated_calls)
            try c.encode(cost, forKey: .cost)
        }

        private enum CodingKeys: String, CodingKey { case day, calls, cache_hits, busy, tokens, estimated_calls, cost }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(report.budget.map { Budget(per_hour: $0.callsPerHour, per_day: $0.callsPerDay) }, forKey: .budget)
        try c.encode(report.pricePerMillionTokens, forKey: .price_per_mtok)
        try c.encode(Day(report.totals, report: report, withDay: false), forKey: .totals)
        try c.encode(report.days.map { Day($0, report: report, withDay: true) }, forKey: .daily)
    }

    private enum CodingKeys: String, CodingKey { case budget, price_per_mtok, totals, daily }
}
