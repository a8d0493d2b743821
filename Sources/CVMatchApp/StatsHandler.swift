import CVMatchCore
import CVMatchCrypto
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// `GET /admin/api/stats?since=YYYY-MM-DD&until=YYYY-MM-DD[&by=…][&demo=exclude][&top=N]
/// [&filter_by=<grouping>&filter=<values>]`: the dashboard's data, the same report
/// `cvctl report --format json` prints, optionally restricted to one row (`ReportFilter`).
///
/// nginx sets `REMOTE_USER` only after its basic auth passed, and adds the admin proof (`AdminProof`)
/// that no other process in its group can read; a request without both did not come through that
/// location and is refused with 403.
final class StatsHandler {
    /// The longest range one request may ask for.
    static let maximumDays = 400

    private let redis: RedisConnection
    private let budget: EmbeddingBudget
    private let pricePerMillionTokens: Double?
    private let metrics: ServiceMetrics
    private let adminProof: AdminProof?

    init(redis: RedisConnection, budget: EmbeddingBudget, pricePerMillionTokens: Double?, metrics: ServiceMetrics,
         adminProof: AdminProof?) {
        self.metrics = metrics
        self.redis = redis
        self.budget = budget
        self.pricePerMillionTokens = pricePerMillionTokens
        self.adminProof = adminProof
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard request.remoteUser != nil, adminProof?.admits(request.adminProof, comparingWith: HMACSHA256()) == true else {
            return .error(APIError(status: .forbidden, error: "forbidden", detail: "Statistics need the admin login."))
        }
        guard request.method == .get || request.method == .head else { return .error(.methodNotAllowed("GET")) }
        let parameters = QueryString.parse(request.queryString)
        func value(_ name: String) -> String? { parameters.first { $0.name == name }?.value }

        let range: ReportRange
        do {
            range = try ReportRange(since: value("since"), until: value("until"), today: SystemClock.now() / 86_400,
                                    maximumDays: Self.maximumDays)
        } catch {
            return .error(Self.badRequest("Invalid date range: \(error.description)"))
        }
        guard let grouping = ReportGrouping(rawValue: value("by") ?? ReportGrouping.channel.rawValue) else {
            return .error(Self.badRequest("Parameter by must be one of \(ReportGrouping.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        let demo = value("demo") ?? "include"
        guard demo == "include" || demo == "exclude" else {
            return .error(Self.badRequest("Parameter demo must be include or exclude"))
        }
        guard let top = Int(value("top") ?? "20"), (0...100).contains(top) else {
            return .error(Self.badRequest("Parameter top must be a number from 0 to 100"))
        }
        var filter: ReportFilter?
        if let filterBy = value("filter_by") {
            guard let filterGrouping = ReportGrouping(rawValue: filterBy) else {
                return .error(Self.badRequest("Parameter filter_by must be one of \(ReportGrouping.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            guard let parsed = ReportFilter(grouping: filterGrouping, encoded: value("filter") ?? "") else {
                return .error(Self.badRequest("Parameter filter must hold \(filterGrouping.columns.count) value(s) separated by |: \(filterGrouping.columns.joined(separator: "|"))"))
            }
            filter = parsed
        }
        do {
            let body = try reportBody(range: range, grouping: grouping, includeDemo: demo == "include", top: top, filter: filter)
            // A report reads and builds far more than any visitor's request (every counter and query
            // of the range): the pages it freed go back to the system instead of staying in this
            // thread's malloc arena (issue 12: +2 MB kept per process after the dashboard's requests).
            SystemMemory.releaseFree()
            return HTTPResponse(status: .ok, headers: [("Content-Type", "application/json"), ("Cache-Control", "no-store")],
                                body: body)
        } catch {
            metrics.countFailure(error)
            Log.error("stats: \(error)")
            return .error(.unavailable)
        }
    }

    /// The report's JSON; what it read and built is freed when this returns.
    private func reportBody(range: ReportRange, grouping: ReportGrouping, includeDemo: Bool, top: Int,
                            filter: ReportFilter?) throws -> [UInt8] {
        let input = try ReportReader(redis: redis).read(range, includeDemo: includeDemo)
        let report = ReportBuilder.build(range: range, grouping: grouping, input: input, topQueries: top, filter: filter,
                                         budget: budget, pricePerMillionTokens: pricePerMillionTokens)
        return ReportJSON.encode(report)
    }

    private static func badRequest(_ detail: String) -> APIError {
        APIError(status: .badRequest, error: "bad_request", detail: detail + ".")
    }
}
