/// The one Redis round trip of a match: the matcher version, the cached query vector (or stores a
/// fresh one) and, for KNN, the nearest examples, so a cached query costs a single call.
///
/// KEYS: embedding cache key, matcher version key.
/// ARGV: `knn` or `exact`, index name, k, vector to store (empty to only read), cache TTL seconds.
/// Returns `{version|false, vector|false, search result|false}`.
enum MatchLookupScript {
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
