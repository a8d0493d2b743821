import FoundationEssentials

/// How to reach an OpenAI-compatible `/v1/embeddings` server.
public struct EmbeddingSettings: Sendable {
    /// Base URL ending before `/embeddings`, e.g. `https://api.openai.com/v1`.
    public var baseURL: String
    public var model: String
    /// Text put before every input (e5 models want `query: `); part of the cache key.
    public var prefix: String
    /// Bearer token; never logged.
    public var apiKey: String?
    public var connectTimeoutMilliseconds: Int
    public var timeoutMilliseconds: Int
    /// Extra attempts after a 429, a 5xx or a transport error.
    public var retries: Int

    public init(baseURL: String, model: String, prefix: String = "", apiKey: String? = nil,
                connectTimeoutMilliseconds: Int = 1000, timeoutMilliseconds: Int = 3000, retries: Int = 2) {
        self.baseURL = baseURL
        self.model = model
        self.prefix = prefix
        self.apiKey = apiKey
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.timeoutMilliseconds = timeoutMilliseconds
        self.retries = retries
    }

    public init(environment env: EnvironmentReader) throws {
        let url = env.string("CVMATCH_EMBED_URL", default: "http://127.0.0.1:8089/v1")
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw ConfigError("CVMATCH_EMBED_URL=\(url) must start with http:// or https://")
        }
        var key = env.optionalString("CVMATCH_EMBED_API_KEY")
        if key == nil, let file = env.optionalString("CVMATCH_EMBED_API_KEY_FILE") {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ConfigError("CVMATCH_EMBED_API_KEY_FILE=\(file) cannot be read")
            }
            key = String(decoding: data, as: UTF8.self).trimmingWhitespace()
        }
        self.init(
            baseURL: url.hasSuffix("/") ? String(url.dropLast()) : url,
            model: env.string("CVMATCH_EMBED_MODEL", default: "multilingual-e5-small"),
            prefix: env.optionalString("CVMATCH_EMBED_PREFIX") ?? "",
            apiKey: key,
            connectTimeoutMilliseconds: try env.int("CVMATCH_EMBED_CONNECT_TIMEOUT_MS", default: 1000, range: 10...60_000),
            timeoutMilliseconds: try env.int("CVMATCH_EMBED_TIMEOUT_MS", default: 3000, range: 50...120_000),
            retries: try env.int("CVMATCH_EMBED_RETRIES", default: 2, range: 0...10)
        )
    }
}
