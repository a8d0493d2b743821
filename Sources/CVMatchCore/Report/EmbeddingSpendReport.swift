/// Embedding calls, cache hits, budget refusals and tokens per day of a report's range, with the
/// estimated cost when a price is configured: what the owner sizes the budget from.
public struct EmbeddingSpendReport: Sendable, Equatable {
    /// Every day of the range, oldest first, zeros included.
    public var days: [EmbeddingSpendDay]
    public var totals: EmbeddingSpendDay
    /// The configured budget, when the reporting process knows it.
    public var budget: EmbeddingBudget?
    /// `CVMATCH_EMBED_PRICE_PER_MTOK`, when set.
    public var pricePerMillionTokens: Double?

    public init(days: [EmbeddingSpendDay] = [], totals: EmbeddingSpendDay = EmbeddingSpendDay(day: ""),
                budget: EmbeddingBudget? = nil, pricePerMillionTokens: Double? = nil) {
        self.days = days
        self.totals = totals
        self.budget = budget
        self.pricePerMillionTokens = pricePerMillionTokens
    }

    public static func build(range: ReportRange, spend: [String: EmbeddingSpendDay], budget: EmbeddingBudget?,
                             pricePerMillionTokens: Double?) -> EmbeddingSpendReport {
        let days = range.days.map { spend[$0] ?? EmbeddingSpendDay(day: $0) }
        var totals = EmbeddingSpendDay(day: "")
        for day in days { totals += day }
        return EmbeddingSpendReport(days: days, totals: totals, budget: budget, pricePerMillionTokens: pricePerMillionTokens)
    }

    /// The estimated cost of a day's (or the totals') tokens; nil without a price.
    public func cost(_ day: EmbeddingSpendDay) -> Double? {
        pricePerMillionTokens.map { EmbeddingPrice.cost(tokens: day.tokens, price: $0) }
    }

    /// Days on which the budget was reached (some new query answered busy).
    public var daysBudgetReached: [EmbeddingSpendDay] { days.filter { $0.refused > 0 } }
}
