/// The Lua function both attempt-writing scripts share (`AttemptScript` after a full match,
/// `CachedMatchScript` for a decision read from the cache), after `CountingPrelude`:
///
/// `record_attempt(position, retention, per_day, query, outcome_record, token_seconds, fields)` — past the
/// caller's deadline on Redis's clock returns `late` and writes nothing; a request id already seen
/// (`SET NX` of KEYS[5], kept `AttemptScript.requestKeySeconds`) returns `replay`; otherwise counts
/// the attempt (and the match when `position` is not empty), logs the query (at most `per_day`
/// distinct a day, kept `retention` seconds; `0`: not logged) with its outcome record, keeps a
/// match's query under its download token's id for `token_seconds` (`0`: not kept; nor without a
/// query log) so the download's stream entry can name it, adds the stream entry `fields` and
/// returns `ok`.
/// KEYS 5–8: request key, query log, query outcomes, token query (`RedisKeys.tokenQuery`).
enum AttemptRecording {
    static let lua = #"""
    local function record_attempt(position, retention, per_day, query, outcome_record, token_seconds, fields)
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
      if position ~= '' and retention ~= '0' and token_seconds ~= '0' then
        redis.call('SET', KEYS[8], query, 'EX', token_seconds)
      end
      redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[6], '*', unpack(fields))
      return 'ok'
    end

    """#
}
