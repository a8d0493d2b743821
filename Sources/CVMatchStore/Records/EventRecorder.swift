import CVMatchCore
import CVMatchRedis
import CVMatchSystem

/// Builds the Redis writes that record events, to be pipelined with the request's own work.
///
/// Each event adds one entry to the `cvm:events` stream (with the request's id) and bumps its
/// per-day counter; an attempt also records its query text per day (when retention allows), cut to
/// `QueryLogText.maximumCharacters`. Every event is written by a script (`AttemptScript`,
/// `VisitScript`, `DownloadScript`) that does nothing past the caller's deadline on Redis's clock
/// and nothing twice for one request.
public struct EventRecorder: Sendable {
    public let settings: EventSettings

    public init(settings: EventSettings) {
        self.settings = settings
    }

    /// One match attempt, as a call of `AttemptScript` (pipeline it with `scripts: [script]`):
    /// `position` is the matched position (nil when refused), `nearest` the closest position even
    /// when refused; `deadline` is `RedisConnection.replyDeadline()`; `token` the download token's id
/// and lifetime when the attempt matched (its query is kept for the download's stream entry).
    public func attempt(query: String, score: Int, outcome: MatchDecision.Reason, position: String?, nearest: String?,
                        attribution: Attribution, requestID: String, deadline: Int64, now: Int,
                        token: (id: String, lifetime: Int)? = nil) -> (command: RedisConnection.Command, script: RedisScript) {
        let day = CalendarDay.day(of: now)
        let excerpt = QueryLogText.excerpt(query)
        let keys = CountingPrelude.keys(day: day)
            + [RedisKeys.request(requestID), RedisKeys.queries(day), RedisKeys.queryOutcomes(day),
               RedisKeys.tokenQuery(token?.id ?? "")]
        var arguments = CountingPrelude.arguments(deadline: deadline, attribution: attribution, settings: settings)
        arguments += [
            position ?? "", String(settings.queryRetentionDays * 86_400), String(settings.queriesPerDay), excerpt,
            QueryOutcomeRecord(score: score, outcome: outcome, position: position ?? nearest).encoded,
            String(token?.lifetime ?? 0),
        ]
        arguments += streamFields(.attempt, attribution, requestID: requestID,
                                  extra: [("score", String(score)), ("outcome", outcome.rawValue),
                                          ("position", position ?? ""), ("nearest", nearest ?? "")])
        let script = AttemptScript.script
        return (script.command(keys: keys, arguments: arguments.map { Array($0.utf8) }), script)
    }

    /// `XADD` arguments after the key for an event: trimming, id, fields.
    func streamFields(_ kind: EventKind, _ attribution: Attribution, requestID: String,
                      extra: [(String, String)] = []) -> [String] {
        var fields = ["kind", kind.rawValue, "request", requestID]
        for (name, value) in zip(Attribution.parameterNames, attribution.values) {
            if let value { fields += [name, value] }
        }
        for (name, value) in extra where !value.isEmpty { fields += [name, value] }
        return fields
    }
}
