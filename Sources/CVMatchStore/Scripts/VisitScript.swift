import CVMatchCore
import CVMatchCrypto
import CVMatchRedis
import CVMatchSystem

/// Counts a visit once per visitor and UTC day, without storing who the visitor is.
///
/// The visitor is `sha1(daily salt + address + user agent)`; the salt is random, made by whichever
/// process asks first that day, and expires after two days, so hashes cannot be linked across days
/// or reversed once it is gone (the scheme Plausible uses).
/// Past the caller's deadline on Redis's clock it does nothing, so a visit answered 503 is never
/// counted later; a replay is not counted twice (same visitor).
/// KEYS: `CountingPrelude`'s four, then the salt, the visitors set.
/// ARGV: `CountingPrelude`'s six, then a candidate salt, the visitor identity, stream fields...
/// Returns 1 (counted), 0 (this visitor was already counted today) or `late`.
public enum VisitScript {
    static let script = RedisScript(CountingPrelude.lua + #"""
    if is_late() then return 'late' end
    redis.call('SET', KEYS[5], ARGV[7], 'NX', 'EX', 172800)
    local salt = redis.call('GET', KEYS[5])
    local visitor = redis.sha1hex(salt .. ARGV[8])
    if redis.call('SADD', KEYS[6], visitor) == 0 then return 0 end
    redis.call('EXPIRE', KEYS[6], 172800)
    count('visit', '')
    log_event(9)
    return 1
    """#)

    /// Records the visit; returns whether it counted (false for the same visitor again that day).
    public static func record(on redis: RedisConnection, recorder: EventRecorder, attribution: Attribution,
                              visitor: String, requestID: String, now: Int) throws -> Bool {
        let day = CalendarDay.day(of: now)
        let keys = CountingPrelude.keys(day: day) + [RedisKeys.visitorSalt(day), RedisKeys.visitors(day)]
        let arguments = CountingPrelude.arguments(deadline: try redis.replyDeadline(), attribution: attribution,
                                                  settings: recorder.settings)
            + [Hex.encode(SecureRandom.bytes(16)), visitor]
            + recorder.streamFields(.visit, attribution, requestID: requestID)
        let reply = try redis.run(script, keys: keys, arguments: arguments.map { Array($0.utf8) })
        if reply.text == "late" {
            throw RedisError.unavailable("the visit reached Redis after its deadline and was not counted")
        }
        return reply.integer == 1
    }
}
