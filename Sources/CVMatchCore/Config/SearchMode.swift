/// Where nearest examples are found: RediSearch KNN, an in-process scan, or whichever the data allows.
public enum SearchMode: String, Sendable, CaseIterable {
    /// The scan up to `knnFromExamples` examples; above, KNN when the populated version has a
    /// vector index.
    case auto
    /// Always KNN; an error when there is no index.
    case redisearch
    /// Always the in-process scan.
    case exact

    /// From this many examples on, `auto` asks RediSearch. Measured (issue 12, 384 dimensions, top
    /// 10, CPU time per search, 2 cores): the in-process SIMD scan 12 µs at 500 examples, 50 µs at
    /// 2,000, 250 µs at 8,000, 1.6 ms at 32,000; RediSearch's FLAT KNN in the server 51 µs, 164 µs,
    /// 463 µs and 1.7 ms. The scan is cheaper below about 30,000 examples (and needs no search
    /// module); above, RediSearch costs less and a matcher that large would not fit in a
    /// process's memory anyway.
    public static let knnFromExamples = 30_000

    public init(environment env: EnvironmentReader) throws {
        self = SearchMode(rawValue: try env.choice(ConfigCatalog.search))!
    }
}
