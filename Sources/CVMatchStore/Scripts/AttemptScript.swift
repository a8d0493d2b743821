import CVMatchCore
import CVMatchRedis

/// Records one match attempt (counters, query log, stream entry) atomically, at most once.
///
/// Past the caller's deadline on Redis's clock it does nothing, so an attempt answered 503 is never
/// counted later; `SET NX` of the request id makes a replay of the same request a no-op (the key
/// outlives any deadline: `requestKeySeconds`). The query log keeps at most
/// `EventSettings.queriesPerDay` distinct queries a day (later new ones are not logged; counters
/// still count them).
/// A matched attempt also keeps its query under the download token's id (`RedisKeys.tokenQuery`)
/// for the token's lifetime, when query retention is on, so the download's stream entry can name it.
/// KEYS: `CountingPrelude`'s four, then the request key, query log, query outcomes, token query.
/// ARGV: `CountingPrelude`'s six, then the matched position (empty when refused), query retention
/// seconds (`0`: no query log), distinct queries per day, query text, outcome record, token query
/// seconds (`0`: none), stream fields...
/// Returns `ok`, `replay` or `late`.
public enum AttemptScript {
    static let script = RedisScript(CountingPrelude.lua + #"""
    if is_late() then return 'late' end
    if not redis.call('SET', KEYS[5], '1', 'NX', 'EX', \#(requestKeySeconds)) then return 'replay' end
    count('attempt', ARGV[7])
    if ARGV[7] ~= '' then count('match', ARGV[7]) end
    if ARGV[8] ~= '0' and (redis.call('ZSCORE', KEYS[6], ARGV[10])
                           or redis.call('ZCARD', KEYS[6]) < tonumber(ARGV[9])) then
      redis.call('ZINCRBY', KEYS[6], 1, ARGV[10])
      redis.call('HSET', KEYS[7], ARGV[10], ARGV[11])
      redis.call('EXPIRE', KEYS[6], ARGV[8])
      redis.call('EXPIRE', KEYS[7], ARGV[8])
    end
    if ARGV[7] ~= '' and ARGV[8] ~= '0' and ARGV[12] ~= '0' then
      redis.call('SET', KEYS[8], ARGV[10], 'EX', ARGV[12])
    end
    log_event(13)
    return 'ok'
    """#)

    /// Seconds a request id is remembered; longer than any deadline a caller can be given.
    public static let requestKeySeconds = 60

    /// Reads the script's reply: throws when the attempt was not recorded because it came late.
    public static func check(_ reply: RedisReply) throws {
        switch reply.text {
        case "ok", "replay": return
        case "late": throw RedisError.unavailable("the attempt reached Redis after its deadline and was not recorded")
        default: throw RedisError.unexpectedReply("attempt script: \(reply)")
        }
    }
}
