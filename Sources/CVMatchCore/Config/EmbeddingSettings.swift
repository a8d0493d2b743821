/// How to reach an OpenAI-compatible `/v1/embeddings` server.
public struct EmbeddingSettings: Sendable {
    /// Base URL: `/embeddings` is appended to its path (`EmbeddingEndpoint`), e.g. `https://api.openai.com/v1`.
    public var baseURL: String
    public var model: String
    /// Text put before a query (e5 models want `query: `); part of the cache key.
    public var queryPrefix: String
    /// Text put before the stored examples and counter-examples (`cvctl populate`).
    public var documentPrefix: String
    /// The API key; never logged.
    public var apiKey: String?
    public var apiKeyHeader: EmbeddingKeyHeader
    /// Texts per request when many are embedded at once (halved when the server names a smaller limit).
    public var batchSize: Int
    public var connectTimeoutMilliseconds: Int
    public var timeoutMilliseconds: Int
    /// Extra attempts after a 429, a 5xx or a transport error.
    public var retries: Int

    public init(baseURL: String, model: String, prefix: String = "", queryPrefix: String? = nil,
                documentPrefix: String? = nil, apiKey: String? = nil, apiKeyHeader: EmbeddingKeyHeader = .authorization,
                batchSize: Int = 64, connectTimeoutMilliseconds: Int = 1000, timeoutMilliseconds: Int = 3000,
                retries: Int = 2) {
        self.baseURL = baseURL
        self.model = model
        self.queryPrefix = queryPrefix ?? prefix
        self.documentPrefix = documentPrefix ?? prefix
        self.apiKey = apiKey
        self.apiKeyHeader = apiKeyHeader
        self.batchSize = batchSize
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.timeoutMilliseconds = timeoutMilliseconds
        self.retries = retries
    }

    /// The URL requests are posted to.
    public var endpoint: String { EmbeddingEndpoint.url(base: baseURL) }

    /// The prefix for texts in `role`.
    public func prefix(for role: EmbeddingRole) -> String {
        role == .query ? queryPrefix : documentPrefix
    }

    /// Reads the `CVMATCH_EMBED_*` variables; `readFile` reads the key file when one is named.
    public init(environment env: EnvironmentReader, readFile: (String) -> [UInt8]?) throws {
        let url = env.string(ConfigCatalog.embedURL)
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw ConfigError("\(ConfigCatalog.embedURL.name)=\(url) must start with http:// or https://" + env.fileNote(ConfigCatalog.embedURL))
        }
        var key = env.optionalString(ConfigCatalog.embedAPIKey)
        if key == nil, let file = env.optionalString(ConfigCatalog.embedAPIKeyFile) {
            guard let data = readFile(file) else {
                throw ConfigError("\(ConfigCatalog.embedAPIKeyFile.name)=\(file) cannot be read" + env.fileNote(ConfigCatalog.embedAPIKeyFile))
            }
            key = String(decoding: data, as: UTF8.self).trimmingWhitespace()
        }
        let prefix = env.string(ConfigCatalog.embedPrefix)
        self.init(
            baseURL: url,
            model: env.string(ConfigCatalog.embedModel),
            prefix: prefix,
            queryPrefix: env.optionalString(ConfigCatalog.embedQueryPrefix),
            documentPrefix: env.optionalString(ConfigCatalog.embedDocumentPrefix),
            apiKey: key,
            apiKeyHeader: EmbeddingKeyHeader(rawValue: try env.choice(ConfigCatalog.embedAPIKeyHeader))!,
            batchSize: try env.int(ConfigCatalog.embedBatch),
            connectTimeoutMilliseconds: try env.int(ConfigCatalog.embedConnectTimeout),
            timeoutMilliseconds: try env.int(ConfigCatalog.embedTimeout),
            retries: try env.int(ConfigCatalog.embedRetries)
        )
    }
}
