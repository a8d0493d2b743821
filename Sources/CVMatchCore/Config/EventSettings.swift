/// How much event detail is kept.
public struct EventSettings: Sendable {
    /// Days query texts are kept; 0 keeps none.
    public var queryRetentionDays: Int
    /// Approximate cap on the raw event stream's length.
    public var streamMaximumLength: Int

    public init(queryRetentionDays: Int = 90, streamMaximumLength: Int = 1_000_000) {
        self.queryRetentionDays = queryRetentionDays
        self.streamMaximumLength = streamMaximumLength
    }

    public init(environment env: EnvironmentReader) throws {
        self.init(queryRetentionDays: try env.int(ConfigCatalog.queryRetentionDays),
                  streamMaximumLength: try env.int(ConfigCatalog.eventStreamMax))
    }
}
