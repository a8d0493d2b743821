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

    /// Reads the `CVMATCH_EMBED_*` variables; `readFile` reads the key file when one is named.
    public init(environment env: EnvironmentReader, readFile: (String) -> [UInt8]?) throws {
        let url = env.string(ConfigCatalog.embedURL)
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw ConfigError("\(ConfigCatalog.embedURL.name)=\(url) must start with http:// or https://")
        }
        var key = env.optionalString(ConfigCatalog.embedAPIKey)
        if key == nil, let file = env.optionalString(ConfigCatalog.embedAPIKeyFile) {
            guard let data = readFile(file) else {
                throw ConfigError("\(ConfigCatalog.embedAPIKeyFile.name)=\(file) cannot be read")
            }
            key = String(decoding: data, as: UTF8.self).trimmingWhitespace()
        }
        self.init(
            baseURL: url.hasSuffix("/") ? String(url.dropLast()) : url,
            model: env.string(ConfigCatalog.embedModel),
            prefix: env.string(ConfigCatalog.embedPrefix),
            apiKey: key,
            connectTimeoutMilliseconds: try env.int(ConfigCatalog.embedConnectTimeout),
            timeoutMilliseconds: try env.int(ConfigCatalog.embedTimeout),
            retries: try env.int(ConfigCatalog.embedRetries)
        )
    }
}
