import CVMatchCore
import CVMatchRedis
import CVMatchSystem

/// Builds the Redis writes that record events, to be pipelined with the request's own work.
///
/// Each event adds one entry to the `cvm:events` stream and bumps its per-day counter; an attempt
/// also records its query text per day (when retention allows), cut to
/// `QueryLogText.maximumCharacters`. Visits and downloads are recorded inside scripts because they count only when they are a first (`VisitScript`, `DownloadScript`).
public struct EventRecorder: Sendable {
    public let settings: EventSettings

    public init(settings: EventSettings) {
        self.settings = settings
    }

    /// One match attempt: `position` is the matched position (nil when refused), `nearest` the
    /// closest position even when refused.
    public func attempt(query: String, score: Int, outcome: MatchDecision.Reason, position: String?, nearest: String?,
                        attribution: Attribution, now: Int) -> [RedisConnection.Command] {
        let day = CalendarDay.day(of: now)
        let daily = RedisKeys.daily(day)
        var commands: [[String]] = [
            streamEntry(.attempt, attribution, extra: [("score", String(score)), ("outcome", outcome.rawValue),
                                                       ("position", position ?? ""), ("nearest", nearest ?? "")]),
            ["HINCRBY", daily, EventCounter.field(.attempt, attribution, position: position), "1"],
        ]
        if let position {
            commands.append(["HINCRBY", daily, EventCounter.field(.match, attribution, position: position), "1"])
        }
        if settings.queryRetentionDays > 0 {
            let ttl = String(settings.queryRetentionDays * 86_400)
            let query = QueryLogText.excerpt(query)
            commands += [
                ["ZINCRBY", RedisKeys.queries(day), "1", query],
                ["HSET", RedisKeys.queryOutcomes(day), query,
                 QueryOutcomeRecord(score: score, outcome: outcome, position: position ?? nearest).encoded],
                ["EXPIRE", RedisKeys.queries(day), ttl],
                ["EXPIRE", RedisKeys.queryOutcomes(day), ttl],
            ]
        }
        return commands.map { $0.map { Array($0.utf8) } }
    }

    /// `XADD` arguments after the key for an event: trimming, id, fields.
    func streamFields(_ kind: EventKind, _ attribution: Attribution, extra: [(String, String)] = []) -> [String] {
        var fields = ["kind", kind.rawValue]
        for (name, value) in zip(Attribution.parameterNames, attribution.values) {
            if let value { fields += [name, value] }
        }
        for (name, value) in extra where !value.isEmpty { fields += [name, value] }
        return fields
    }

    private func streamEntry(_ kind: EventKind, _ attribution: Attribution, extra: [(String, String)]) -> [String] {
        ["XADD", RedisKeys.events, "MAXLEN", "~", String(settings.streamMaximumLength), "*"]
            + streamFields(kind, attribution, extra: extra)
    }
}
