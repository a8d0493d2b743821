/// What the embedding provider charges per million tokens (`CVMATCH_EMBED_PRICE_PER_MTOK`, in the
/// owner's currency, e.g. `0.02` for OpenAI's text-embedding-3-small in USD); reports show an
/// estimated cost only when it is set.
public enum EmbeddingPrice {
    /// The configured price, nil when unset; a value that is not a number from 0 to 10000 is refused.
    public static func perMillionTokens(environment env: EnvironmentReader) throws -> Double? {
        let variable = ConfigCatalog.embedPricePerMTok.name
        guard let text = env.optionalString(ConfigCatalog.embedPricePerMTok) else { return nil }
        guard let price = Double(text.trimmingWhitespace()), price.isFinite, (0...10_000).contains(price) else {
            throw ConfigError("\(variable)=\(text) must be a number from 0 to 10000 (price per million tokens)")
        }
        return price
    }

    /// The cost of `tokens` at `price` per million.
    public static func cost(tokens: Int, price: Double) -> Double {
        Double(tokens) * price / 1_000_000
    }
}
