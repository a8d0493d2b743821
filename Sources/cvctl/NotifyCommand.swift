import ArgumentParser
import CVMatchAdmin
import CVMatchCore
import CVMatchEmbedding
import CVMatchHTTPClient
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// `cvctl notify`: tells the owner about each download as it happens.
struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Follow the event stream and post each download to a webhook (and Dub lead events).",
        discussion: """
        Reads cvm:events through the consumer group \(RedisKeys.notifyGroup): each download is posted to \
        CVMATCH_NOTIFY_URL in the CVMATCH_NOTIFY_KIND format (json, slack, discord, ntfy) — which CV, which \
        channel, which query — retried with backoff on timeouts, 5xx and 429, then acknowledged. Entries not \
        acknowledged (a crash, a stop during retries) are sent after the next start; entries written before the \
        group first existed are not. With DUB_TRACK_LEADS=1 and DUB_API_KEY, a download that came through a Dub \
        click (dub_id) is also reported to Dub as a lead event. With CVMATCH_NOTIFY_DIGEST=HH:MM, once a day after \
        that time (UTC) a digest of the previous UTC day goes to the same webhook. Runs until SIGTERM or SIGINT.
        """
    )

    @Option(help: "This follower's name in the group (a restart with the same name resumes its pending entries).")
    var consumer = "notify-1"

    @Option(help: "Dub's API base URL. Default: $DUB_API_URL or \(DubClient.defaultBaseURL).")
    var dubURL: String?

    @OptionGroup var configuration: ConfigurationOptions

    func run() throws {
        let environment = try configuration.load()
        let env = environment.reader
        guard let url = env.optionalString(ConfigCatalog.notifyURL) else {
            throw ValidationError("CVMATCH_NOTIFY_URL is not set: nothing to notify")
        }
        let kind: NotifyKind
        let timeout: Int
        let trackLeads: Bool
        let digest = env.string(ConfigCatalog.notifyDigest)
        let digestMinute = DailyDigest.minuteOfDay(digest)
        if digest != "off" && digestMinute == nil {
            throw ValidationError("CVMATCH_NOTIFY_DIGEST must be off or HH:MM (UTC), not \(digest)")
        }
        do {
            kind = NotifyKind(rawValue: try env.choice(ConfigCatalog.notifyKind)) ?? .json
            timeout = try env.int(ConfigCatalog.notifyTimeout)
            trackLeads = try env.choice(ConfigCatalog.dubTrackLeads) == "1"
        } catch {
            throw ValidationError(error.description)
        }
        var dub: DubClient?
        if trackLeads {
            guard let key = env.optionalString(ConfigCatalog.dubAPIKey) else {
                throw ValidationError("DUB_TRACK_LEADS=1 needs DUB_API_KEY")
            }
            dub = DubClient(baseURL: dubURL ?? env.string(ConfigCatalog.dubAPIURL), apiKey: key)
        }
        let settings = try environment.redis()
        // XREADGROUP blocks for less than the connection's read timeout.
        let redis = RedisConnection(settings: settings)
        let block = max(50, min(1000, settings.timeoutMilliseconds / 2))
        EmbeddingClient.globalInit()
        StopSignal.install()
        let notifier = Notifier(
            follower: EventStreamFollower(redis: redis, consumer: consumer),
            delivery: Delivery(session: CurlSession(connectTimeoutMilliseconds: min(timeout, 5000), timeoutMilliseconds: timeout),
                               label: "notify"),
            settings: Notifier.Settings(webhookURL: url, kind: kind, dub: dub, digestMinute: digestMinute))
        Log.info("notify: following \(RedisKeys.events) as \(consumer) (\(kind.rawValue))")
        notifier.run(blockMilliseconds: block)
        Log.info("notify: stopped")
    }
}
