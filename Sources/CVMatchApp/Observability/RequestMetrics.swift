import CVMatchCore

/// Requests a process answered, by route and status, and their durations by route. The routes are
/// fixed when the process starts (any other path counts as `other`), and every counter is made up
/// front, so recording a request is two dictionary reads and three atomic adds.
public final class RequestMetrics: Sendable {
    public static let otherRoute = "other"
    private let routes: [String]
    private let counts: [String: [HTTPStatus: MetricCounter]]
    private let durations: [String: LatencyHistogram]

    public init(routes: [String]) {
        self.routes = routes + [Self.otherRoute]
        counts = Dictionary(uniqueKeysWithValues: self.routes.map { route in
            (route, Dictionary(uniqueKeysWithValues: HTTPStatus.allCases.map { ($0, MetricCounter()) }))
        })
        durations = Dictionary(uniqueKeysWithValues: self.routes.map { ($0, LatencyHistogram()) })
    }

    public func record(path: String, status: HTTPStatus, nanoseconds: UInt64) {
        let route = counts[path] == nil ? Self.otherRoute : path
        counts[route]![status]!.increment()
        durations[route]!.observe(nanoseconds: nanoseconds)
    }

    /// Requests answered on `path` with `status` so far (tests).
    public func count(path: String, status: HTTPStatus) -> UInt64 {
        counts[path]?[status]?.value ?? 0
    }

    /// `cvmatch_http_requests_total` (only the route and status pairs seen) and
    /// `cvmatch_http_request_duration_seconds` (every route).
    public var families: [MetricFamily] {
        var samples: [MetricFamily.Sample] = []
        for route in routes {
            for status in HTTPStatus.allCases {
                let value = counts[route]![status]!.value
                if value > 0 {
                    samples.append(.init(labels: [MetricLabel("route", route), MetricLabel("status", String(status.code))],
                                         value: Double(value)))
                }
            }
        }
        return [
            MetricFamily(name: "cvmatch_http_requests_total", help: "Requests answered, by route and HTTP status.",
                         kind: .counter, samples: samples),
            MetricFamily(name: "cvmatch_http_request_duration_seconds",
                         help: "Time from reading a request to its answer, in the FastCGI process, by route.",
                         histograms: routes.map { durations[$0]!.sample(labels: [MetricLabel("route", $0)]) }),
        ]
    }
}
