/// One UTC day's embedding spend counters (`EmbeddingSpend` fields of `cvm:daily:<day>`).
public struct EmbeddingSpendDay: Sendable, Equatable {
    public var day: String
    /// Embedding calls made for visitors' queries.
    public var calls = 0
    /// Queries answered without a call (cached vector or a populated example).
    public var cached = 0
    /// New queries answered 503 `busy` because the budget was spent.
    public var refused = 0
    /// Tokens reported by the provider, plus estimates where it reported none.
    public var tokens = 0
    /// Calls whose tokens were estimated.
    public var estimatedCalls = 0

    public init(day: String, calls: Int = 0, cached: Int = 0, refused: Int = 0, tokens: Int = 0, estimatedCalls: Int = 0) {
        self.day = day
        self.calls = calls
        self.cached = cached
        self.refused = refused
        self.tokens = tokens
        self.estimatedCalls = estimatedCalls
    }

    /// The spend fields of a day's counter hash (`HGETALL` pairs); other fields are ignored.
    public static func parse(day: String, fields: [(String, String)]) -> EmbeddingSpendDay {
        var spend = EmbeddingSpendDay(day: day)
        for (field, value) in fields {
            guard field.hasPrefix("embed:"), let count = Int(value), count > 0 else { continue }
            switch field {
            case EmbeddingSpend.callsField: spend.calls = count
            case EmbeddingSpend.cachedField: spend.cached = count
            case EmbeddingSpend.refusedField: spend.refused = count
            case EmbeddingSpend.tokensField: spend.tokens = count
            case EmbeddingSpend.estimatedField: spend.estimatedCalls = count
            default: break
            }
        }
        return spend
    }

    /// Whether anything happened that day.
    public var isEmpty: Bool { calls == 0 && cached == 0 && refused == 0 && tokens == 0 }

    public static func += (left: inout EmbeddingSpendDay, right: EmbeddingSpendDay) {
        left.calls += right.calls
        left.cached += right.cached
        left.refused += right.refused
        left.tokens += right.tokens
        left.estimatedCalls += right.estimatedCalls
    }
}
