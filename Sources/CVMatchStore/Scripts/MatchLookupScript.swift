import CVMatchCore
import CVMatchCrypto
import CVMatchRedis

/// The one Redis round trip of a match: the matcher version, the cached query vector (or stores a
/// fresh one) and, for KNN, the nearest examples, so a cached query costs a single call.
///
/// KEYS: embedding cache key, matcher version key.
/// ARGV: `knn` or `exact`, index name, k, vector to store (empty to only read), cache TTL seconds.
/// Returns `{version|false, vector|false, search result|false}`.
public enum MatchLookupScript {
    static let script = RedisScript(#"""
    local version = redis.call('GET', KEYS[2])
    local vec = ARGV[4]
    if vec == '' then
      vec = redis.call('GET', KEYS[1])
    else
      redis.call('SET', KEYS[1], vec, 'EX', ARGV[5])
    end
    if not vec or not version then return {version, vec, false} end
    if ARGV[1] ~= 'knn' then return {version, vec, false} end
    local found = redis.call('FT.SEARCH', ARGV[2], '*=>[KNN ' .. ARGV[3] .. ' @vec $q AS dist]',
      'PARAMS', 2, 'q', vec, 'SORTBY', 'dist', 'RETURN', 2, 'label', 'dist',
      'LIMIT', 0, ARGV[3], 'DIALECT', 2)
    return {version, vec, found}
    """#)

    /// What one lookup found.
    public struct Lookup: Sendable {
        /// The current matcher version; nil when nothing was populated, `staleIndex` when the index
        /// was replaced by a newer populate between the version check and the search.
        public var version: String?
        /// The cached (or just stored) query vector.
        public var vector: [Float]?
        /// The nearest examples, for a KNN lookup that had a vector.
        public var neighbours: [Neighbour]?
    }

    /// The version a lookup reports when the index it searched is gone (a populate replaced it).
    public static let staleIndex = "stale-index"

    /// Runs the lookup: `knnVersion` names the matcher version whose index to search (nil: no KNN,
    /// the caller scans in process); `storing` is a fresh vector to cache under `cacheKey` first.
    public static func run(on redis: RedisConnection, cacheKey: String, knnVersion: String?, k: Int,
                           storing: [Float]?, cacheSeconds: Int) throws -> Lookup {
        let arguments: [[UInt8]] = [
            Array((knnVersion == nil ? "exact" : "knn").utf8),
            Array(RedisKeys.exampleIndex(version: knnVersion ?? "none").utf8),
            Array(String(k).utf8),
            storing.map(Vector.blob) ?? [],
            Array(String(cacheSeconds).utf8),
        ]
        let reply: RedisReply
        do {
            reply = try redis.run(script, keys: [cacheKey, RedisKeys.matcherVersion], arguments: arguments)
        } catch RedisError.command(let message) where message.lowercased().contains("index") {
            return Lookup(version: staleIndex, vector: nil, neighbours: nil)
        }
        guard let parts = reply.array, parts.count == 3 else {
            throw RedisError.unexpectedReply("match lookup script")
        }
        let vector = parts[1].bytes.flatMap(Vector.fromBlob)
        let neighbours = knnVersion != nil && vector != nil ? try neighbours(from: parts[2]) : nil
        return Lookup(version: parts[0].text, vector: vector, neighbours: neighbours)
    }

    /// The command that caches a query vector without a search (exact mode), to pipeline with the
    /// attempt's event writes.
    public static func cacheFill(key: String, vector: [Float], cacheSeconds: Int) -> RedisConnection.Command {
        ["SET", key].map { Array($0.utf8) } + [Vector.blob(vector)] + ["EX", String(cacheSeconds)].map { Array($0.utf8) }
    }

    /// Parses an `FT.SEARCH` reply (`[total, id, [field, value, ...], ...]`) into neighbours.
    static func neighbours(from reply: RedisReply) throws -> [Neighbour] {
        guard let items = reply.array, !items.isEmpty else {
            throw RedisError.unexpectedReply("FT.SEARCH did not answer an array")
        }
        var found: [Neighbour] = []
        var index = 2
        while index < items.count {
            guard let fields = items[index].array else {
                throw RedisError.unexpectedReply("FT.SEARCH result without fields")
            }
            var label: String?
            var distance: Float?
            var f = 0
            while f + 1 < fields.count {
                switch fields[f].text {
                case "label": label = fields[f + 1].text
                case "dist": distance = fields[f + 1].text.flatMap { Float($0) }
                default: break
                }
                f += 2
            }
            guard let label, let distance else {
                throw RedisError.unexpectedReply("FT.SEARCH result without label or dist")
            }
            found.append(Neighbour(label: label, similarity: 1 - distance))
            index += 2
        }
        return found
    }
}
