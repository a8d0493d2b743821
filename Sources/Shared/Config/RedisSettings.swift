/// Where Redis is and how long to wait for it.
public struct RedisSettings: Sendable {
    public var address: RedisAddress
    public var timeoutMilliseconds: Int

    public init(address: RedisAddress, timeoutMilliseconds: Int = 1000) {
        self.address = address
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// Reads `CVMATCH_REDIS` and `CVMATCH_REDIS_TIMEOUT_MS`.
    public init(environment env: EnvironmentReader) throws {
        self.init(address: try RedisAddress(parsing: env.string("CVMATCH_REDIS", default: "127.0.0.1:6379")),
                  timeoutMilliseconds: try env.int("CVMATCH_REDIS_TIMEOUT_MS", default: 1000, range: 10...60_000))
    }

    public func connect() -> RedisConnection {
        RedisConnection(address: address, timeoutMilliseconds: timeoutMilliseconds)
    }
}
