import CVMatchCore

extension RedisConnection {
    /// A connection to the configured server (connects on first use).
    public convenience init(settings: RedisSettings) {
        self.init(address: settings.address, timeoutMilliseconds: settings.timeoutMilliseconds)
    }
}
