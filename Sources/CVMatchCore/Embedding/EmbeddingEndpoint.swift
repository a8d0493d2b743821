/// The URL embeddings are posted to: the configured base URL with `/embeddings` appended to its
/// path, before any query string, so Azure OpenAI's
/// `https://x.openai.azure.com/openai/deployments/D?api-version=2024-02-01` becomes
/// `https://x.openai.azure.com/openai/deployments/D/embeddings?api-version=2024-02-01`.
public enum EmbeddingEndpoint {
    public static func url(base: String) -> String {
        var path = base
        var query = ""
        if let mark = base.firstIndex(of: "?") {
            path = String(base[..<mark])
            query = String(base[mark...])
        }
        if let hash = query.firstIndex(of: "#") { query = String(query[..<hash]) }
        while path.hasSuffix("/") { path.removeLast() }
        return path + "/embeddings" + (query == "?" ? "" : query)
    }
}
