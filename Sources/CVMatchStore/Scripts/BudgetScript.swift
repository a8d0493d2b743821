import CVMatchCore
import CVMatchRedis
import CVMatchSystem
/// Charges one embedding call to the hour and day budgets in a single atomic step, shared by every
/// process and host on the same Redis: either both window counters and the day's `embed:calls`
/// go up by one, or — when a window is spent — that window's `refused` and the day's
/// `embed:refused` do and the call must not be made.
///
/// KEYS: hour window hash, day window hash, daily counters hash.
/// ARGV: calls per hour (0: unlimited), calls per day (0: unlimited), hour key EXPIREAT, day key EXPIREAT.
/// Returns `{"ok", 0, hour calls, day calls}` or `{"hour"|"day", refusals in that window, hour calls, day calls}`.
public enum BudgetScript {
    static let script = RedisScript(#"""
    local hour = tonumber(redis.call('HGET', KEYS[1], 'calls') or 0)
    local day = tonumber(redis.call('HGET', KEYS[2], 'calls') or 0)
    local spent = nil
    if tonumber(ARGV[2]) > 0 and day >= tonumber(ARGV[2]) then spent = 2
    elseif tonumber(ARGV[1]) > 0 and hour >= tonumber(ARGV[1]) then spent = 1 end
    if spent then
      local refused = redis.call('HINCRBY', KEYS[spent], 'refused', 1)
      redis.call('EXPIREAT', KEYS[spent], ARGV[2 + spent])
      redis.call('HINCRBY', KEYS[3], 'embed:refused', 1)
      return {spent == 1 and 'hour' or 'day', refused, hour, day}
    end
    redis.call('HINCRBY', KEYS[1], 'calls', 1)
    redis.call('EXPIREAT', KEYS[1], ARGV[3])
    redis.call('HINCRBY', KEYS[2], 'calls', 1)
    redis.call('EXPIREAT', KEYS[2], ARGV[4])
    redis.call('HINCRBY', KEYS[3], 'embed:calls', 1)
    return {'ok', 0, hour + 1, day + 1}
    """#)

    /// Charges one call at `now`; throws `BudgetSpent` when a window has no calls left.
    public static func charge(on redis: RedisConnection, budget: EmbeddingBudget, now: Int) throws {
        let windows = BudgetWindows(now: now)
        let keys = [RedisKeys.budgetHour(windows.hour), RedisKeys.budgetDay(windows.day), RedisKeys.daily(windows.day)]
        let arguments = [budget.callsPerHour, budget.callsPerDay, windows.hourKeyExpiresAt, windows.dayKeyExpiresAt]
            .map { Array(String($0).utf8) }
        let reply = try redis.run(script, keys: keys, arguments: arguments)
        guard let parts = reply.array, parts.count == 4, let verdict = parts[0].text, let refused = parts[1].integer else {
            throw RedisError.unexpectedReply("budget script")
        }
        switch verdict {
        case "ok": return
        case "hour":
            throw BudgetSpent(window: .hour, limit: budget.callsPerHour, refusalsInWindow: refused, resetsAt: windows.hourEnds)
        case "day":
            throw BudgetSpent(window: .day, limit: budget.callsPerDay, refusalsInWindow: refused, resetsAt: windows.dayEnds)
        default:
            throw RedisError.unexpectedReply("budget script answered \(verdict)")
        }
    }
}
