import CVMatchCore
import CVMatchRedis

/// Records one match attempt (counters, query log, stream entry) atomically, at most once.
///
/// Past the caller's deadline on Redis's clock (`RedisConnection.replyDeadline`) it does nothing,
/// so an attempt answered 503 is never counted later; `SET NX` of the request id makes a replay of
/// the same request a no-op (the key outlives any deadline: `requestKeySeconds`).
/// KEYS: request key, daily counters, event stream, query log, query outcomes.
/// ARGV: deadline (Redis clock, Unix µs), stream max length, attempt counter field, match counter
/// field (empty when refused), query retention seconds (`0`: no query log), query text, outcome
/// record, stream fields...
/// Returns `ok`, `replay` or `late`.
public enum AttemptScript {
    static let script = RedisScript(#"""
    local t = redis.call('TIME')
    if tonumber(t[1]) * 1000000 + tonumber(t[2]) > tonumber(ARGV[1]) then return 'late' end
    if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', 60) then return 'replay' end
    redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
    if ARGV[4] ~= '' then redis.call('HINCRBY', KEYS[2], ARGV[4], 1) end
    if ARGV[5] ~= '0' then
      redis.call('ZINCRBY', KEYS[4], 1, ARGV[6])
      redis.call('HSET', KEYS[5], ARGV[6], ARGV[7])
      redis.call('EXPIRE', KEYS[4], ARGV[5])
      redis.call('EXPIRE', KEYS[5], ARGV[5])
    end
    redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], '*', unpack(ARGV, 8))
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
