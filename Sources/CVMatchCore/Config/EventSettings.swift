/// How much event detail is kept, and for how long: the bounds on what visitors can make Redis store.
public struct EventSettings: Sendable {
    /// Days query texts are kept; 0 keeps none.
    public var queryRetentionDays: Int
    /// Approximate cap on the raw event stream's length.
    public var streamMaximumLength: Int
    /// Days the per-day counters are kept.
    public var counterRetentionDays: Int
    /// Distinct `source|medium|campaign` channels counted per day; later new ones fold into "other".
    public var channelsPerDay: Int
    /// Distinct query texts logged per day; later new ones are counted but not logged.
    public var queriesPerDay: Int

    public init(queryRetentionDays: Int = 90, streamMaximumLength: Int = 100_000, counterRetentionDays: Int = 800,
                channelsPerDay: Int = 100, queriesPerDay: Int = 1_000) {
        self.queryRetentionDays = queryRetentionDays
        self.streamMaximumLength = streamMaximumLength
        self.counterRetentionDays = counterRetentionDays
        self.channelsPerDay = channelsPerDay
        self.queriesPerDay = queriesPerDay
    }

    public init(environment env: EnvironmentReader) throws {
        self.init(queryRetentionDays: try env.int(ConfigCatalog.queryRetentionDays),
                  streamMaximumLength: try env.int(ConfigCatalog.eventStreamMax),
                  counterRetentionDays: try env.int(ConfigCatalog.counterRetentionDays),
                  channelsPerDay: try env.int(ConfigCatalog.channelsPerDay),
                  queriesPerDay: try env.int(ConfigCatalog.queriesPerDay))
    }
}
