/// Where nearest examples are found: RediSearch KNN, an in-process scan, or whichever the data allows.
public enum SearchMode: String, Sendable, CaseIterable {
    /// KNN when the populated version has a vector index, else the scan.
    case auto
    /// Always KNN; an error when there is no index.
    case redisearch
    /// Always the in-process scan.
    case exact

    public init(environment env: EnvironmentReader) throws {
        let text = env.string("CVMATCH_SEARCH", default: "auto")
        guard let mode = SearchMode(rawValue: text) else {
            throw ConfigError("CVMATCH_SEARCH=\(text): expected auto, redisearch or exact")
        }
        self = mode
    }
}
