import CVMatchCore
import CVMatchRedis

/// A consistent snapshot of every `cvm:` key in one script: Redis runs a script atomically, so no
/// request's writes land between the first key dumped and the last (the `SCAN` loop, every `DUMP`
/// and `PEXPIRETIME` happen at one instant of the keyspace). It blocks Redis while it runs: a few
/// milliseconds for the thousands of keys a personal site holds.
/// ARGV: the key pattern. Returns Redis's clock (seconds), the matcher's version (or nil), the
/// matcher's JSON (or nil), then key, payload, absolute expiry in ms (-1: none) per key.
public enum SnapshotScript {
    static let script = RedisScript(#"""
    local out = {redis.call('TIME')[1], redis.call('GET', KEYS[1]) or false, redis.call('GET', KEYS[2]) or false}
    local seen = {}
    local cursor = '0'
    repeat
      local page = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000)
      cursor = page[1]
      for _, key in ipairs(page[2]) do
        if not seen[key] then
          seen[key] = true
          local payload = redis.call('DUMP', key)
          if payload then
            out[#out + 1] = key
            out[#out + 1] = payload
            out[#out + 1] = redis.call('PEXPIRETIME', key)
          end
        end
      end
    until cursor == '0'
    return out
    """#)

    /// What the script saw.
    public struct Snapshot {
        public var serverTime: Int
        public var matcherVersion: String?
        public var matcherJSON: [UInt8]?
        public var entries: [BackupArchive.Entry]
    }

    public static func take(on redis: RedisConnection) throws -> Snapshot {
        let reply = try redis.run(script, keys: [RedisKeys.matcherVersion, RedisKeys.matcher],
                                  arguments: [Array((RedisKeys.prefix + "*").utf8)])
        guard let items = reply.array, items.count >= 3, (items.count - 3) % 3 == 0, let time = items[0].integer else {
            throw RedisError.unexpectedReply("snapshot script")
        }
        var entries: [BackupArchive.Entry] = []
        for index in stride(from: 3, to: items.count, by: 3) {
            guard let key = items[index].bytes, let payload = items[index + 1].bytes, let expiry = items[index + 2].integer else {
                throw RedisError.unexpectedReply("snapshot script entry")
            }
            entries.append(.init(key: key, expiresAtMilliseconds: expiry >= 0 ? Int64(expiry) : nil, payload: payload))
        }
        return Snapshot(serverTime: time, matcherVersion: items[1].text, matcherJSON: items[2].bytes, entries: entries)
    }
}
