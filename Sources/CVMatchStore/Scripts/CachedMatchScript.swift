import CVMatchCore
import CVMatchRedis

/// A repeated query in one round trip: reads the decision cached for the matcher version and the
/// query (`RedisKeys.decision`) and, when there is one, records the attempt with it
/// (`AttemptRecording`: the same counters, query log and stream entry as `AttemptScript`) and
/// counts the query as answered without an embedding call, atomically.
///
/// KEYS: `CountingPrelude`'s four, then the request key, query log, query outcomes, token query,
/// the matcher version key, the decision key.
/// ARGV: `CountingPrelude`'s six, then the matcher version the caller decides with, query retention
/// seconds, distinct queries per day, query text, the spend counter's field, token query seconds
/// (`0`: none), stream fields (without the decision's)...
/// Returns `{'version', current version}` (it differs: nothing recorded), `{'miss'}` (no decision
/// cached: nothing recorded), or `{status, decision}` with `AttemptRecording`'s status.
public enum CachedMatchScript {
    static let script = RedisScript(CountingPrelude.lua + AttemptRecording.lua + #"""
    local version = redis.call('GET', KEYS[9])
    if version ~= ARGV[7] then return {'version', version or ''} end
    local stored = redis.call('GET', KEYS[10])
    if not stored then return {'miss'} end
    local d = {}
    for part in string.gmatch(stored .. '\n', '([^\n]*)\n') do d[#d + 1] = part end
    if #d ~= 5 then return {'miss'} end
    local fields = {unpack(ARGV, 13)}
    local extra = {'score', d[2], 'outcome', d[3], 'position', d[1], 'nearest', d[4]}
    for i = 1, #extra, 2 do
      if extra[i + 1] ~= '' then
        fields[#fields + 1] = extra[i]
        fields[#fields + 1] = extra[i + 1]
      end
    end
    local status = record_attempt(d[1], ARGV[8], ARGV[9], ARGV[10], d[5], ARGV[12], fields)
    if status == 'ok' then redis.call('HINCRBY', KEYS[1], ARGV[11], 1) end
    return {status, stored}
    """#)

    /// What the cache had.
    public enum Outcome: Equatable {
        /// The cached decision; the attempt is recorded (or was, by this request before).
        case decided(MatchDecision)
        /// No decision cached for this version and query: decide in full.
        case miss
        /// The matcher version in Redis (nil: none) is not `version`: reload, then ask again.
        case otherVersion(String?)
    }

    /// Looks the decision up for `version` and `keyText` and records the attempt with it; `token`
    /// is the id and lifetime of the download token a match gets (its query is kept for the download).
    /// Throws `RedisError.unavailable` when the script ran after the request's deadline (nothing
    /// recorded, like `AttemptScript.check`).
    public static func run(on redis: RedisConnection, recorder: EventRecorder, version: String, keyText: String,
                           query: String, attribution: Attribution, requestID: String, now: Int,
                           token: (id: String, lifetime: Int)? = nil) throws -> Outcome {
        let settings = recorder.settings
        let day = CalendarDay.day(of: now)
        let keys = CountingPrelude.keys(day: day)
            + [RedisKeys.request(requestID), RedisKeys.queries(day), RedisKeys.queryOutcomes(day),
               RedisKeys.tokenQuery(token?.id ?? ""), RedisKeys.matcherVersion,
               RedisKeys.decision(version: version, keyText: keyText)]
        var arguments = CountingPrelude.arguments(deadline: try redis.replyDeadline(), attribution: attribution,
                                                  settings: settings)
        arguments += [version, String(settings.queryRetentionDays * 86_400), String(settings.queriesPerDay),
                      QueryLogText.excerpt(query), EmbeddingSpend.cachedField, String(token?.lifetime ?? 0)]
        arguments += recorder.streamFields(.attempt, attribution, requestID: requestID)
        let reply = try redis.run(script, keys: keys, arguments: arguments.map { Array($0.utf8) })
        guard let parts = reply.array, let status = parts.first?.text else {
            throw RedisError.unexpectedReply("cached match script")
        }
        switch status {
        case "version": return .otherVersion(parts.count == 2 ? parts[1].text.flatMap { $0.isEmpty ? nil : $0 } : nil)
        case "miss": return .miss
        case "ok", "replay":
            guard parts.count == 2, let stored = parts[1].text, let record = DecisionRecord(decoding: stored) else {
                throw RedisError.unexpectedReply("cached match script: unreadable decision")
            }
            return .decided(record.decision)
        case "late": throw RedisError.unavailable("the attempt reached Redis after its deadline and was not recorded")
        default: throw RedisError.unexpectedReply("cached match script: \(status)")
        }
    }
}
