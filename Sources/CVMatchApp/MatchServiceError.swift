
/// Why a match could not be computed; the visitor sees a 503 for each.
public enum MatchServiceError: Error, CustomStringConvertible {
    case notPopulated
    case modelMismatch(stored: String, configured: String)
    case noVectorIndex

    public var description: String {
        switch self {
        case .notPopulated: return "no positions in Redis: run `cvctl populate`"
        case .modelMismatch(let stored, let configured):
            return "positions were embedded with \(stored) but CVMATCH_EMBED_MODEL is \(configured): run `cvctl populate`"
        case .noVectorIndex: return "CVMATCH_SEARCH=redisearch but the populated data has no vector index"
        }
    }
}
