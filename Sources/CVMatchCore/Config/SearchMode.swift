/// Where nearest examples are found: RediSearch KNN, an in-process scan, or whichever the data allows.
public enum SearchMode: String, Sendable, CaseIterable {
    /// KNN when the populated version has a vector index, else the scan.
    case auto
    /// Always KNN; an error when there is no index.
    case redisearch
    /// Always the in-process scan.
    case exact

    public init(environment env: EnvironmentReader) throws {
        self = SearchMode(rawValue: try env.choice(ConfigCatalog.search))!
    }
}
