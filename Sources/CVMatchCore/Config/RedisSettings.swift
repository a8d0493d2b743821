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
        let address: RedisAddress
        do {
            address = try RedisAddress(parsing: env.string(ConfigCatalog.redis))
        } catch let error as ConfigError {
            throw ConfigError(error.description + env.fileNote(ConfigCatalog.redis))
        }
        self.init(address: address,
                  timeoutMilliseconds: try env.int(ConfigCatalog.redisTimeout))
    }
}
