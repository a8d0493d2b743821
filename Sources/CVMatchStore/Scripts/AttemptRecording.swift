/// The Lua function both attempt-writing scripts share (`AttemptScript` after a full match,
/// `CachedMatchScript` for a decision read from the cache), after `CountingPrelude`:
///
/// `record_attempt(position, retention, per_day, query, outcome_record, fields)` — past the
/// caller's deadline on Redis's clock returns `late` and writes nothing; a request id already seen
/// (`SET NX` of KEYS[5], kept `AttemptScript.requestKeySeconds`) returns `replay`; otherwise counts
/// the attempt (and the match when `position` is not empty), logs the query (at most `per_day`
/// distinct a day, kept `retention` seconds; `0`: not logged) with its outcome record, adds the
/// stream entry `fields` and returns `ok`.
/// KEYS 5–7: request key, query log, query outcomes.
enum AttemptRecording {
    static let lua = #"""
    local function record_attempt(position, retention, per_day, query, outcome_record, fields)
      if is_late() then return 'late' end
      if not redis.call('SET', KEYS[5], '1', 'NX', 'EX', \#(AttemptScript.requestKeySeconds)) then return 'replay' end
      count('attempt', position)
      if position ~= '' then count('match', position) end
      if retention ~= '0' and (redis.call('ZSCORE', KEYS[6], query)
                               or redis.call('ZCARD', KEYS[6]) < tonumber(per_day)) then
        redis.call('ZINCRBY', KEYS[6], 1, query)
        redis.call('HSET', KEYS[7], query, outcome_record)
        redis.call('EXPIRE', KEYS[6], retention)
        redis.call('EXPIRE', KEYS[7], retention)
      end
      redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[6], '*', unpack(fields))
      return 'ok'
    end

    """#
}
