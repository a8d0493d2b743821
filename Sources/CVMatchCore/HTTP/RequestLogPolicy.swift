/// Which answered requests get a line in the program's own log (`CVMATCH_REQUEST_LOG`). nginx's
/// access log has every request and `/metrics` their counts and durations, so by default only the
/// ones an operator must look at are written: answered 5xx, or slower than `slowMicroseconds`.
public struct RequestLogPolicy: Sendable, Equatable {
    /// A line for every request (`all`), not only for errors and slow ones (`errors`).
    public var everyRequest: Bool
    /// A request that took at least this long is logged whatever its status.
    public static let slowMicroseconds: UInt64 = 1_000_000

    public init(everyRequest: Bool) {
        self.everyRequest = everyRequest
    }

    /// Reads `CVMATCH_REQUEST_LOG`.
    public init(environment env: EnvironmentReader) throws(ConfigError) {
        self.init(everyRequest: try env.choice(ConfigCatalog.requestLog) == "all")
    }

    /// Whether a request answered `status` after `microseconds` gets a line.
    public func logs(status: Int, microseconds: UInt64) -> Bool {
        everyRequest || status >= 500 || microseconds >= Self.slowMicroseconds
    }
}
