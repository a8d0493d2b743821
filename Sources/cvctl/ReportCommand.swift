import ArgumentParser
import CVMatchAdmin
import CVMatchCore
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// `cvctl report`: the funnel per channel (or source, campaign, position, day) from the per-day counters.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Visits, attempts, matches and downloads per channel, with rates, downloads per position and top queries.",
        discussion: """
        Days are UTC. Reads only the per-day counters of the range (cvm:daily:DAY), never the raw event stream. \
        Demo data (cvctl demo) is included and labelled unless --exclude-demo is given. \
        --format csv prints the funnel rows only; json has "channels", "rows", "daily", "positions", \
        "top_queries", "campaigns" and "embedding" (calls, cache hits, busy refusals, tokens and, with \
        CVMATCH_EMBED_PRICE_PER_MTOK set, estimated cost per day).
        """
    )

    @Option(help: "First day, YYYY-MM-DD (UTC). Default: 29 days before --until.")
    var since: String?

    @Option(help: "Last day, YYYY-MM-DD (UTC). Default: today.")
    var until: String?

    @Option(help: "How to group the rows.")
    var by: ReportGrouping = .channel

    @Option(help: "Output format.")
    var format: Format = .table

    @Option(help: "How many of the most frequent queries to list.")
    var top: Int = 20

    @Flag(help: "Leave out the demo data written by `cvctl demo`.")
    var excludeDemo = false

    @Option(help: "Restrict every number to one row of this grouping (with --filter).")
    var filterBy: ReportGrouping?

    @Option(help: "The row's values in the --filter-by grouping's column order, joined with |, empty for a missing one (e.g. 'linkedin|social|').")
    var filter: String?

    @OptionGroup var settings: ConfigurationOptions

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    /// Ten years; a longer range is almost certainly a typo.
    static let maximumDays = 3660

    func validate() throws {
        guard (0...1000).contains(top) else { throw ValidationError("--top must be between 0 and 1000") }
        _ = try rowFilter()
    }

    private func rowFilter() throws -> ReportFilter? {
        guard let filterBy else {
            if filter != nil { throw ValidationError("--filter needs --filter-by") }
            return nil
        }
        guard let parsed = ReportFilter(grouping: filterBy, encoded: filter ?? "") else {
            throw ValidationError("--filter must hold \(filterBy.columns.count) value(s) joined with |: \(filterBy.columns.joined(separator: "|"))")
        }
        return parsed
    }

    func run() throws {
        let range: ReportRange
        do {
            range = try ReportRange(since: since, until: until, today: SystemClock.now() / 86_400, maximumDays: Self.maximumDays)
        } catch {
            throw ValidationError(error.description)
        }
        let environment = try settings.load()
        let redis = RedisConnection(settings: try environment.redis())
        let input = try ReportReader(redis: redis).read(range, includeDemo: !excludeDemo)
        let spend = try environment.embeddingSpendSettings()
        let report = ReportBuilder.build(range: range, grouping: by, input: input, topQueries: top, filter: try rowFilter(),
                                         budget: spend.budget, pricePerMillionTokens: spend.price)
        switch format {
        case .table: print(ReportText.table(report), terminator: "")
        case .csv: print(ReportText.csv(report), terminator: "")
        case .json: print(String(decoding: ReportJSON.encode(report), as: UTF8.self))
        }
    }
}

extension ReportGrouping: ExpressibleByArgument {}
