import CVMatchCore
import CVMatchRedis

/// The start every event-writing script shares (`AttemptScript`, `VisitScript`, `DownloadScript`):
/// Redis's clock and the request's deadline on it, the bounded channel of the counters, counting
/// with retention, and the stream entry.
///
/// - `is_late()`: `TIME` is past the caller's deadline (`RedisConnection.replyDeadline`): the caller
///   has given up (Redis was paused or overloaded), so the script must write nothing.
/// - `channel()`: the event's `source|medium|campaign` (and its `|term|content|referrer` tail when
///   any of those is set: ARGV 2 is `source|medium|campaign`, then a line break and the tail). Each
///   UTC day keeps at most `EventSettings.channelsPerDay` distinct channels (`cvm:channels:<day>`,
///   2 days); a channel beyond that, unless it is a registered link (`cvm:campaigns`), is counted
///   as `other|other|other` without a tail, so hostile UTM values or referrers cannot grow the
///   counters without bound.
/// - `count(kind, position)`: bumps `kind|channel|position[|term|content|referrer]` — the shape of
///   `EventCounter.field` — in the day's counter hash and keeps the hash for
///   `EventSettings.counterRetentionDays` (one `EXPIRE` per script run, however many counts).
/// - `log_event(first[, name, value])`: one stream entry from `ARGV[first]` on (field, value pairs),
///   plus `name`, `value` when `value` is not nil.
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
    local bounded_channel, bounded_tail
    local function channel()
      if bounded_channel then return bounded_channel end
      local c = ARGV[2]
      local base, tail = c, ''
      local cut = string.find(c, '\n', 1, true)
      if cut then base = string.sub(c, 1, cut - 1); tail = string.sub(c, cut + 1) end
      if c ~= '||' and redis.call('SISMEMBER', KEYS[2], c) == 0 then
        if redis.call('SCARD', KEYS[2]) < tonumber(ARGV[4]) or redis.call('HEXISTS', KEYS[3], ARGV[3]) == 1 then
          redis.call('SADD', KEYS[2], c)
          redis.call('EXPIRE', KEYS[2], 172800)
        else
          base, tail = 'other|other|other', ''
        end
      end
      bounded_channel, bounded_tail = base, tail
      return base
    end
    local counters_kept = false
    local function count(kind, position)
      local c = channel()
      redis.call('HINCRBY', KEYS[1], kind .. '|' .. c .. '|' .. position .. bounded_tail, 1)
      if not counters_kept then
        redis.call('EXPIRE', KEYS[1], ARGV[5])
        counters_kept = true
      end
    end
    local function log_event(first, name, value)
      local fields = {unpack(ARGV, first)}
      if value then table.insert(fields, name); table.insert(fields, value) end
      redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[6], '*', unpack(fields))
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
            channel(of: a),
            [a.source ?? "", a.medium ?? "", a.campaign ?? "", a.term ?? "", a.content ?? ""].joined(separator: "|"),
            String(settings.channelsPerDay),
            String(settings.counterRetentionDays * 86_400),
            String(settings.streamMaximumLength),
        ]
    }

    /// ARGV 2: `source|medium|campaign`, then — when the event has a term, content or referrer — a
    /// line break and `|term|content|referrer` (values never hold `|` or a line break).
    static func channel(of a: Attribution) -> String {
        let base = [a.source ?? "", a.medium ?? "", a.campaign ?? ""].joined(separator: "|")
        guard a.term != nil || a.content != nil || a.referrer != nil else { return base }
        return base + "\n|" + [a.term ?? "", a.content ?? "", a.referrer ?? ""].joined(separator: "|")
    }
}
