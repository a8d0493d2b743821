import CVMatchCore
import CVMatchRedis
import CVMatchSystem

/// Spends a download token and records the download, atomically, in one round trip, against
/// Redis's clock.
///
/// The script reads `TIME` first: past the caller's deadline (`RedisConnection.replyDeadline`, the
/// caller has given up: Redis was paused or overloaded) it does nothing; at or past the token's
/// `exp` the token is expired, whatever the application's clock says. Otherwise
/// `SET NX EXAT <exp>` (never in the past) on the token id decides first use; the key holds the
/// request id, so the same request replayed is answered as granted again without counting twice,
/// and any other request loses (410).
/// The stream entry names the query that earned the token (`RedisKeys.tokenQuery`) when it was kept.
/// KEYS: `CountingPrelude`'s four, then the used-token key, the position hash, the token's query.
/// ARGV: `CountingPrelude`'s six, then the request id, the token expiry (Unix s), the position id,
/// stream fields...
/// Returns `{"ok", pdf, filename}`, `{"used"}`, `{"gone"}` (position no longer configured),
/// `{"expired"}` or `{"late"}`.
public enum DownloadScript {
    static let script = RedisScript(CountingPrelude.lua + #"""
    if is_late() then return {'late'} end
    if tonumber(clock[1]) >= tonumber(ARGV[8]) then return {'expired'} end
    local p = redis.call('HMGET', KEYS[6], 'pdf', 'filename')
    if not p[1] or not p[2] then return {'gone'} end
    if not redis.call('SET', KEYS[5], ARGV[7], 'NX', 'EXAT', ARGV[8]) then
      if redis.call('GET', KEYS[5]) == ARGV[7] then return {'ok', p[1], p[2]} end
      return {'used'}
    end
    count('download', ARGV[9])
    local query = redis.call('GET', KEYS[7])
    if query then redis.call('DEL', KEYS[7]) end
    log_event(10, 'query', query or nil)
    return {'ok', p[1], p[2]}
    """#)

    public enum Outcome: Equatable {
        case granted(pdf: String, filename: String)
        case alreadyUsed
        case positionGone
        /// Past `exp` by Redis's clock.
        case expired
        /// Reached Redis after the deadline: nothing was spent or counted.
        case late
    }

    /// Spends `token` for the request `requestID` (random, unique per request).
    public static func spend(on redis: RedisConnection, recorder: EventRecorder, token: DownloadToken,
                             attribution: Attribution, requestID: String, now: Int) throws -> Outcome {
        let keys = CountingPrelude.keys(day: CalendarDay.day(of: now))
            + [RedisKeys.usedToken(token.jti), RedisKeys.position(token.pos), RedisKeys.tokenQuery(token.jti)]
        let arguments = CountingPrelude.arguments(deadline: try redis.replyDeadline(), attribution: attribution,
                                                  settings: recorder.settings)
            + [requestID, String(token.exp), token.pos]
            + recorder.streamFields(.download, attribution, requestID: requestID, extra: [("position", token.pos)])
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
        case "gone": return .positionGone
        case "expired": return .expired
        case "late": return .late
        default: throw RedisError.unexpectedReply("download script: \(status)")
        }
    }

    /// What a `HEAD` learns without spending: whether the token is still unused (and unexpired by
    /// Redis's clock) and the file.
    public static func peek(on redis: RedisConnection, token: DownloadToken) throws -> Outcome {
        let replies = try redis.pipeline([
            ["EXISTS", RedisKeys.usedToken(token.jti)].map { Array($0.utf8) },
            ["HMGET", RedisKeys.position(token.pos), "pdf", "filename"].map { Array($0.utf8) },
            [Array("TIME".utf8)],
        ])
        guard let fields = replies[1].array, fields.count == 2,
              let time = replies[2].array?.first?.integer else {
            throw RedisError.unexpectedReply("HMGET position / TIME")
        }
        if time >= token.exp { return .expired }
        guard let pdf = fields[0].text, let filename = fields[1].text else { return .positionGone }
        return replies[0].integer == 1 ? .alreadyUsed : .granted(pdf: pdf, filename: filename)
    }
}
