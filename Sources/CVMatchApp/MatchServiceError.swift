
/// Why a match could not be computed; the visitor sees a 503 for each.
public enum MatchServiceError: Error, CustomStringConvertible {
    case notPopulated
    case modelMismatch(stored: String, configured: String)
    /// The stored examples were embedded (or fitted) with other prefixes than the configured ones.
    case prefixMismatch(stored: String, configured: String)
    case noVectorIndex

    public var description: String {
        switch self {
        case .notPopulated: return "no positions in Redis: run `cvctl populate`"
        case .modelMismatch(let stored, let configured):
            return "positions were embedded with \(stored) but CVMATCH_EMBED_MODEL is \(configured): run `cvctl populate`"
        case .prefixMismatch(let stored, let configured):
            return "positions were embedded with prefixes \(stored) but CVMATCH_EMBED_QUERY_PREFIX/CVMATCH_EMBED_DOCUMENT_PREFIX (or CVMATCH_EMBED_PREFIX) give \(configured): run `cvctl populate`"
        case .noVectorIndex: return "CVMATCH_SEARCH=redisearch but the populated data has no vector index"
        }
    }
}
