/// How the API key travels: `Authorization: Bearer KEY` (OpenAI and most servers) or
/// `api-key: KEY` (Azure OpenAI's key authentication).
public enum EmbeddingKeyHeader: String, Sendable, CaseIterable {
    case authorization
    case apiKey = "api-key"

    /// The header line for `key`.
    public func line(key: String) -> String {
        switch self {
        case .authorization: return "Authorization: Bearer \(key)"
        case .apiKey: return "api-key: \(key)"
        }
    }
}
