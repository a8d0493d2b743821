import CVMatchCore
import CVMatchRedis

/// The start every event-writing script shares (`AttemptScript`, `VisitScript`, `DownloadScript`):
/// Redis's clock and the request's deadline on it, the bounded channel of the counters, counting
/// with retention, and the stream entry.
///
/// - `is_late()`: `TIME` is past the caller's deadline (`RedisConnection.replyDeadline`): the caller
///   has given up (Redis was paused or overloaded), so the script must write nothing.
/// - `channel()`: the event's `source|medium|campaign`. Each UTC day keeps at most
///   `EventSettings.channelsPerDay` distinct channels (`cvm:channels:<day>`, 2 days); a channel
///   beyond that, unless it is a registered link (`cvm:campaigns`), is counted as
///   `other|other|other`, so hostile UTM values cannot grow the counters without bound.
/// - `count(kind, position)`: bumps `kind|channel|position` in the day's counter hash and keeps the
///   hash for `EventSettings.counterRetentionDays`.
/// - `log_event(first)`: one stream entry from `ARGV[first]` on (field, value pairs).
///
/// KEYS 1–4: daily counters, the day's channel set, the link registry, the event stream.
/// ARGV 1–6: deadline (Redis clock, Unix µs), channel, registry field, channels per day, counter
/// retention seconds, stream max length. A script's own keys and arguments follow.
enum CountingPrelude {
    static let lua = #"""
    local clock = redis.call('TIME')
    local function is_late()
      return tonumber(clock[1]) * 1000000 + tonumber(clock[2]) > tonumber(ARGV[1])
    end
    local bounded_channel
    local function channel()
      if bounded_channel then return bounded_channel end
      local c = ARGV[2]
      if c ~= '||' and redis.call('SISMEMBER', KEYS[2], c) == 0 then
        if redis.call('SCARD', KEYS[2]) < tonumber(ARGV[4]) or redis.call('HEXISTS', KEYS[3], ARGV[3]) == 1 then
          redis.call('SADD', KEYS[2], c)
          redis.call('EXPIRE', KEYS[2], 172800)
        else
          c = 'other|other|other'
        end
      end
      bounded_channel = c
      return c
    end
    local function count(kind, position)
      redis.call('HINCRBY', KEYS[1], kind .. '|' .. channel() .. '|' .. position, 1)
      redis.call('EXPIRE', KEYS[1], ARGV[5])
    end
    local function log_event(first)
      redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[6], '*', unpack(ARGV, first))
    end

    """#

    /// The channel every folded event is counted under.
    static let otherChannel = "other|other|other"

    /// KEYS 1–4 for an event on `day`.
    static func keys(day: String) -> [String] {
        [RedisKeys.daily(day), RedisKeys.channels(day), RedisKeys.campaigns, RedisKeys.events]
    }

    /// ARGV 1–6.
    static func arguments(deadline: Int64, attribution: Attribution, settings: EventSettings) -> [String] {
        let a = attribution
        return [
            String(deadline),
            [a.source ?? "", a.medium ?? "", a.campaign ?? ""].joined(separator: "|"),
            [a.source ?? "", a.medium ?? "", a.campaign ?? "", a.term ?? "", a.content ?? ""].joined(separator: "|"),
            String(settings.channelsPerDay),
            String(settings.counterRetentionDays * 86_400),
            String(settings.streamMaximumLength),
        ]
    }
}
