import ArgumentParser
import CVMatchAdmin
import CVMatchCore
import CVMatchEmbedding
import CVMatchHTTPClient
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

extension LinkCommand {
    /// `cvctl link stats`: Dub's clicks per link set against the site's visits, matches and downloads.
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats",
            abstract: "Per registered link: Dub clicks → visits → matches → downloads.",
            discussion: """
            Clicks come from Dub's analytics API (GET /analytics?event=clicks&groupBy=count&linkId=…, one call per \
            link with a Dub id, needs DUB_API_KEY); the other numbers from the per-day counters of the link's exact \
            UTM values (a real link's from real traffic only, a demo link's from demo data only). The click counts are cached in the registry (cvm:campaigns), where the dashboard reads them.
            """
        )

        @Option(help: "First day, YYYY-MM-DD (UTC). Default: 29 days before --until.") var since: String?
        @Option(help: "Last day, YYYY-MM-DD (UTC). Default: today.") var until: String?
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Leave out the demo data written by `cvctl demo`.") var excludeDemo = false
        @Option(help: "Dub's API base URL. Default: $DUB_API_URL or \(DubClient.defaultBaseURL).") var dubURL: String?

        @OptionGroup var settings: ConfigurationOptions

        func run() throws {
            let environment = try settings.load()
            let env = environment.reader
            let range: ReportRange
            do {
                range = try ReportRange(since: since, until: until, today: SystemClock.now() / 86_400,
                                        maximumDays: ReportCommand.maximumDays)
            } catch {
                throw ValidationError(error.description)
            }
            let redis = RedisConnection(settings: try environment.redis())
            let input = try ReportReader(redis: redis).read(range, includeDemo: !excludeDemo)
            let report = ReportBuilder.build(range: range, grouping: .link, input: input, topQueries: 0)
            let client = env.optionalString(ConfigCatalog.dubAPIKey).map {
                DubClient(baseURL: dubURL ?? env.string(ConfigCatalog.dubAPIURL), apiKey: $0)
            }
            if client != nil { EmbeddingClient.globalInit() }
            let session = CurlSession(connectTimeoutMilliseconds: 5000, timeoutMilliseconds: 20_000)
            let registry = CampaignRegistry(redis: redis)
            let fetched = SystemClock.isoTimestamp()
            var rows: [LinkStats.Row] = []
            for linkRow in report.links {
                var row = LinkStats.Row(link: linkRow.link, demo: linkRow.demo, clicks: nil, clicksError: nil,
                                        counts: linkRow.counts)
                if !linkRow.demo, let id = linkRow.link.dubLinkID {
                    if let client {
                        do throws(DubError) {
                            row.clicks = try client.clicks(linkID: id, since: range.since, until: range.until, session: session)
                        } catch {
                            row.clicksError = error.description
                        }
                        if let clicks = row.clicks {
                            var cached = linkRow.link
                            cached.dubClicks = clicks
                            cached.dubClicksAt = fetched
                            try registry.register(cached)
                        }
                    } else {
                        row.clicksError = "DUB_API_KEY is not set"
                    }
                } else if linkRow.demo {
                    row.clicks = linkRow.link.dubClicks
                }
                rows.append(row)
            }
            let stats = LinkStats(since: range.since, until: range.until, rows: rows)
            if json { print(String(decoding: stats.json, as: UTF8.self)) } else { print(stats.text, terminator: "") }
        }
    }
}
