import CVMatchCore
import CVMatchCrypto
import CVMatchRedis
import CVMatchSystem

/// Counts a visit once per visitor and UTC day, without storing who the visitor is.
///
/// The visitor is `sha1(daily salt + address + user agent)`; the salt is random, made by whichever
/// process asks first that day, and expires after two days, so hashes cannot be linked across days
/// or reversed once it is gone (the scheme Plausible uses).
/// Past the caller's deadline on Redis's clock (`RedisConnection.replyDeadline`) it does nothing, so
/// a visit answered 503 is never counted later; a replay is not counted twice (same visitor).
/// KEYS: salt, visitors set, daily counters, event stream.
/// ARGV: deadline (Redis clock, Unix µs), candidate salt, visitor identity, counter field, stream max
/// length, stream fields...
/// Returns 1 (counted), 0 (this visitor was already counted today) or `late`.
public enum VisitScript {
    static let script = RedisScript(#"""
    local t = redis.call('TIME')
    if tonumber(t[1]) * 1000000 + tonumber(t[2]) > tonumber(ARGV[1]) then return 'late' end
    redis.call('SET', KEYS[1], ARGV[2], 'NX', 'EX', 172800)
    local salt = redis.call('GET', KEYS[1])
    local visitor = redis.sha1hex(salt .. ARGV[3])
    if redis.call('SADD', KEYS[2], visitor) == 0 then return 0 end
    redis.call('EXPIRE', KEYS[2], 172800)
    redis.call('HINCRBY', KEYS[3], ARGV[4], 1)
    redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[5], '*', unpack(ARGV, 6))
    return 1
    """#)

    /// Records the visit; returns whether it counted (false for the same visitor again that day).
    public static func record(on redis: RedisConnection, recorder: EventRecorder, attribution: Attribution,
                              visitor: String, requestID: String, now: Int) throws -> Bool {
        let day = CalendarDay.day(of: now)
        let keys = [RedisKeys.visitorSalt(day), RedisKeys.visitors(day), RedisKeys.daily(day), RedisKeys.events]
        let arguments = [String(try redis.replyDeadline()), Hex.encode(SecureRandom.bytes(16)), visitor,
                         EventCounter.field(.visit, attribution), String(recorder.settings.streamMaximumLength)]
            + recorder.streamFields(.visit, attribution, requestID: requestID)
        let reply = try redis.run(script, keys: keys, arguments: arguments.map { Array($0.utf8) })
        if reply.text == "late" {
            throw RedisError.unavailable("the visit reached Redis after its deadline and was not counted")
        }
        return reply.integer == 1
    }
}
