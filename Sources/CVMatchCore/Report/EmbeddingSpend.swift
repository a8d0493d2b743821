/// The per-day embedding spend counters, kept as extra fields of the day's counter hash
/// (`cvm:daily:<day>`, next to the funnel counters, which have `|` in their names):
/// `embed:calls` (calls charged by `BudgetScript`), `embed:cached` (queries answered without a
/// call: cached vector or a populated example), `embed:refused` (uncached queries refused because
/// the budget was spent), `embed:tokens` (tokens the provider reported, or estimated) and
/// `embed:estimated` (calls whose tokens were estimated because the answer had no `usage`).
public enum EmbeddingSpend {
    public static let callsField = "embed:calls"
    public static let cachedField = "embed:cached"
    public static let refusedField = "embed:refused"
    public static let tokensField = "embed:tokens"
    public static let estimatedField = "embed:estimated"

    /// Tokens of a text when the provider reports none: one per 4 bytes of UTF-8, rounded up, at
    /// least 1 (OpenAI's rule of thumb for English; it undercounts CJK text about twofold).
    public static func estimatedTokens(_ text: String) -> Int {
        max(1, (text.utf8.count + 3) / 4)
    }
}
