import CVMatchCore
import CVMatchStore
import CVMatchSystem

/// `cvctl notify`: follows `cvm:events` in a consumer group and, for each download, reports it to
/// Dub as a lead (when asked and the visit came through a Dub click) and posts a `DownloadNotice` to
/// the webhook; only then is the entry acknowledged. Other entries are acknowledged at once.
///
/// Nothing is lost: an entry stays pending until acknowledged and is handed out again after a
/// restart. Nothing is sent twice by a stop (SIGTERM finishes the entry in hand); only a crash
/// between a webhook's answer and the acknowledgement can repeat one message, which carries the
/// entry id as `Idempotency-Key` so a receiver can tell.
public struct Notifier {
    public struct Settings {
        public var webhookURL: String
        public var kind: NotifyKind
        /// Dub lead events, when `DUB_TRACK_LEADS=1` and a key is set.
        public var dub: DubClient?
        public var leadEventName = "CV download"
        /// When the daily digest goes out (minutes after midnight UTC); nil: never.
        public var digestMinute: Int?

        public init(webhookURL: String, kind: NotifyKind, dub: DubClient?, digestMinute: Int? = nil) {
            self.webhookURL = webhookURL
            self.kind = kind
            self.dub = dub
            self.digestMinute = digestMinute
        }
    }

    public let follower: EventStreamFollower
    public let delivery: Delivery
    public let settings: Settings

    public init(follower: EventStreamFollower, delivery: Delivery, settings: Settings) {
        self.follower = follower
        self.delivery = delivery
        self.settings = settings
    }

    /// Runs until SIGTERM/SIGINT (`StopSignal`); Redis errors are logged and retried after a pause.
    public func run(blockMilliseconds: Int) {
        var ready = false
        while !StopSignal.isRaised {
            do {
                if !ready {
                    try follower.ensureGroup()
                    ready = true
                }
                for entry in try follower.next(blockMilliseconds: blockMilliseconds) {
                    guard try handle(entry) else { return }
                    try follower.acknowledge([entry.id])
                }
                if let minute = settings.digestMinute { try sendDigestIfDue(minute: minute) }
            } catch {
                Log.error("notify: \(error); trying again in 2 s")
                StopSignal.sleep(milliseconds: 2000)
            }
        }
    }

    /// Sends the previous day's digest once its time has come (`RedisKeys.notifyDigestDay` remembers the
    /// day sent, written after the webhook took it).
    func sendDigestIfDue(minute: Int) throws {
        let redis = follower.redis
        let now = Int(try redis.serverTimeMicroseconds() / 1_000_000)
        guard let day = DailyDigest.dueDay(now: now, minute: minute, lastSent: try redis.send("GET", RedisKeys.notifyDigestDay).text)
        else { return }
        let range = try ReportRange(since: day, until: day, today: now / 86_400, maximumDays: 1)
        let report = ReportBuilder.build(range: range, grouping: .channel,
                                         input: try ReportReader(redis: redis).read(range, includeDemo: false), topQueries: 0)
        var titles: [String: String] = [:]
        for id in report.positions.compactMap(\.position) { titles[id] = try follower.positionTitle(id) }
        let digest = DailyDigest(day: day, report: report, titles: titles)
        let request = digest.request(for: settings.kind)
        switch delivery.send(url: settings.webhookURL, headers: request.headers, body: request.body) {
        case .stopped: return
        case .refused(let status, let body): Log.error("notify: the webhook refused the digest of \(day) (\(status): \(body))")
        case .delivered: Log.info("notify: digest of \(day) sent")
        }
        _ = try redis.send("SET", RedisKeys.notifyDigestDay, day)
    }

    /// Sends what `entry` calls for; false when stopped before it was done (leave it pending).
    func handle(_ entry: EventStreamFollower.Entry) throws -> Bool {
        guard entry.fields["kind"] == EventKind.download.rawValue else { return true }
        let title = try entry.fields["position"].flatMap { try follower.positionTitle($0) }
        guard let notice = DownloadNotice(entryID: entry.id, fields: entry.fields, title: title) else { return true }
        if let dub = settings.dub, let click = notice.attribution.dubClickID {
            let lead = dub.leadRequest(clickID: click, eventName: settings.leadEventName, customerID: "cvm_" + click)
            switch delivery.send(url: lead.url, headers: lead.headers, body: lead.body) {
            case .stopped: return false
            case .refused(let status, let body): Log.error("notify: Dub refused the lead for \(entry.id) (\(status): \(body))")
            case .delivered: Log.info("notify: lead for click \(click) (\(entry.id)) reported to Dub")
            }
        }
        let request = notice.request(for: settings.kind)
        switch delivery.send(url: settings.webhookURL, headers: request.headers, body: request.body) {
        case .stopped: return false
        case .refused(let status, let body):
            Log.error("notify: the webhook refused \(entry.id) (\(status): \(body)); not retried")
        case .delivered(let status):
            Log.info("notify: \(entry.id) sent (\(status)): \(notice.headline)")
        }
        return true
    }
}
