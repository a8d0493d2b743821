import CVMatchCore
import CVMatchRedis
import CVMatchSystem

/// Spends a download token and records the download, atomically, in one round trip.
///
/// `SET NX EXAT` on the token id decides first use (a concurrent second use loses); the key
/// expires when the token would have anyway.
/// KEYS: used-token key, position hash, daily counters, event stream.
/// ARGV: token expiry (Unix s), counter field, stream max length, stream fields...
/// Returns `{"ok", pdf, filename}`, `{"used"}` or `{"gone"}` (position no longer configured).
public enum DownloadScript {
    static let script = RedisScript(#"""
    if redis.call('EXISTS', KEYS[2]) == 0 then return {'gone'} end
    if not redis.call('SET', KEYS[1], '1', 'NX', 'EXAT', ARGV[1]) then return {'used'} end
    redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
    redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[3], '*', unpack(ARGV, 4))
    local p = redis.call('HMGET', KEYS[2], 'pdf', 'filename')
    return {'ok', p[1], p[2]}
    """#)

    public enum Outcome: Equatable {
        case granted(pdf: String, filename: String)
        case alreadyUsed
        case positionGone
    }

    public static func spend(on redis: RedisConnection, recorder: EventRecorder, token: DownloadToken,
                             attribution: Attribution, now: Int) throws -> Outcome {
        let keys = [RedisKeys.usedToken(token.jti), RedisKeys.position(token.pos),
                    RedisKeys.daily(CalendarDay.day(of: now)), RedisKeys.events]
        let arguments = [String(token.exp), EventCounter.field(.download, attribution, position: token.pos),
                         String(recorder.settings.streamMaximumLength)]
            + recorder.streamFields(.download, attribution, extra: [("position", token.pos)])
        let reply = try redis.run(script, keys: keys, arguments: arguments.map { Array($0.utf8) })
        guard let parts = reply.array, let status = parts.first?.text else {
            throw RedisError.unexpectedReply("download script")
        }
        switch status {
        case "ok":
            guard parts.count == 3, let pdf = parts[1].text, let filename = parts[2].text else {
                throw RedisError.unexpectedReply("position \(token.pos) lacks pdf or filename")
            }
            return .granted(pdf: pdf, filename: filename)
        case "used": return .alreadyUsed
        default: return .positionGone
        }
    }

    /// What a `HEAD` learns without spending: whether the token is still unused and the file.
    public static func peek(on redis: RedisConnection, token: DownloadToken) throws -> Outcome {
        let replies = try redis.pipeline([
            ["EXISTS", RedisKeys.usedToken(token.jti)].map { Array($0.utf8) },
            ["HMGET", RedisKeys.position(token.pos), "pdf", "filename"].map { Array($0.utf8) },
        ])
        guard let fields = replies[1].array, fields.count == 2 else {
            throw RedisError.unexpectedReply("HMGET position")
        }
        guard let pdf = fields[0].text, let filename = fields[1].text else { return .positionGone }
        return replies[0].integer == 1 ? .alreadyUsed : .granted(pdf: pdf, filename: filename)
    }
}
