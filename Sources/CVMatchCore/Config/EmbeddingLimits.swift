/// How `match-fcgi` keeps a slow or failing embedding server from stalling the other endpoints
/// (`EmbeddingGate` applies it, process-wide).
public struct EmbeddingLimits: Sendable, Equatable {
    /// Embedding calls in flight at once per process; further uncached queries answer 503 at once.
    /// Keep it below `CVMATCH_THREADS` so threads stay free for cached matches and visits.
    public var maximumConcurrentCalls: Int
    /// Time one query may spend on embedding, all attempts, backoff and `Retry-After` waits included.
    public var deadlineMilliseconds: Int
    /// Queries in a row that failed for want of the server (timeouts, refused connections, 429/5xx
    /// after every attempt) before the breaker opens.
    public var failuresToOpen: Int
    /// How long an open breaker answers at once before letting one probe through.
    public var openMilliseconds: Int

    public init(maximumConcurrentCalls: Int = 2, deadlineMilliseconds: Int = 2500, failuresToOpen: Int = 2,
                openMilliseconds: Int = 5000) {
        self.maximumConcurrentCalls = maximumConcurrentCalls
        self.deadlineMilliseconds = deadlineMilliseconds
        self.failuresToOpen = failuresToOpen
        self.openMilliseconds = openMilliseconds
    }

    public init(environment env: EnvironmentReader) throws {
        self.init(maximumConcurrentCalls: try env.int(ConfigCatalog.embedConcurrency),
                  deadlineMilliseconds: try env.int(ConfigCatalog.embedDeadline),
                  openMilliseconds: try env.int(ConfigCatalog.embedBreakerOpen))
    }
}
