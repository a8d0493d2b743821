import CVMatchCore
import CVMatchCrypto
import CVMatchRedis
import CVMatchSystem

/// Counts a visit once per visitor and UTC day, without storing who the visitor is.
///
/// The visitor is `sha1(daily salt + address + user agent)`; the salt is random, made by whichever
/// process asks first that day, and expires after two days, so hashes cannot be linked across days
/// or reversed once it is gone (the scheme Plausible uses).
/// KEYS: salt, visitors set, daily counters, event stream.
/// ARGV: candidate salt, visitor identity, counter field, stream max length, stream fields...
public enum VisitScript {
    static let script = RedisScript(#"""
    redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', 172800)
    local salt = redis.call('GET', KEYS[1])
    local visitor = redis.sha1hex(salt .. ARGV[2])
    if redis.call('SADD', KEYS[2], visitor) == 0 then return 0 end
    redis.call('EXPIRE', KEYS[2], 172800)
    redis.call('HINCRBY', KEYS[3], ARGV[3], 1)
    redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[4], '*', unpack(ARGV, 5))
    return 1
    """#)

    /// Records the visit; returns whether it counted (false for the same visitor again that day).
    public static func record(on redis: RedisConnection, recorder: EventRecorder, attribution: Attribution,
                              visitor: String, now: Int) throws -> Bool {
        let day = CalendarDay.day(of: now)
        let keys = [RedisKeys.visitorSalt(day), RedisKeys.visitors(day), RedisKeys.daily(day), RedisKeys.events]
        let arguments = [Hex.encode(SecureRandom.bytes(16)), visitor, EventCounter.field(.visit, attribution),
                         String(recorder.settings.streamMaximumLength)]
            + recorder.streamFields(.visit, attribution)
        let reply = try redis.run(script, keys: keys, arguments: arguments.map { Array($0.utf8) })
        return reply.integer == 1
    }
}
