import CVMatchCore
import CVMatchRedis
import CVMatchSystem

/// What both FastCGI processes count: requests by route and status with their durations, Redis
/// errors that failed a request, and the process's resident memory (read at scrape time).
public final class ServiceMetrics: Sendable {
    /// The kinds of `RedisError`, as the `kind` label.
    public enum RedisErrorKind: String, CaseIterable, Sendable {
        case unavailable
        case outcomeUnknown = "outcome_unknown"
        case command
        case unexpectedReply = "unexpected_reply"
    }

    public let requests: RequestMetrics
    public let redisErrors = LabelledCounters<RedisErrorKind>()

    public init(routes: [String]) {
        requests = RequestMetrics(routes: routes)
    }

    /// Counts `error` when it is a Redis error.
    public func countFailure(_ error: any Error) {
        guard let error = error as? RedisError else { return }
        switch error {
        case .unavailable: redisErrors.increment(.unavailable)
        case .outcomeUnknown: redisErrors.increment(.outcomeUnknown)
        case .command: redisErrors.increment(.command)
        case .unexpectedReply: redisErrors.increment(.unexpectedReply)
        }
    }

    public var families: [MetricFamily] {
        requests.families + [
            MetricFamily(name: "cvmatch_redis_errors_total", help: "Redis calls that failed a request, by kind.",
                         kind: .counter, samples: redisErrors.samples(labelName: "kind")),
            MetricFamily(name: "process_resident_memory_bytes", help: "Resident memory size in bytes.", kind: .gauge,
                         samples: [.init(value: Double(SystemMemory.residentBytes() ?? 0))]),
        ]
    }
}
