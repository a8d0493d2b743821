/// Why texts could not be embedded.
public enum EmbeddingError: Error, Equatable, CustomStringConvertible {
    /// No answer in time, a refused connection, or 429/5xx after every retry.
    case unavailable(String)
    /// The server answered with something that is not an embeddings response.
    case badResponse(String)
    /// A 4xx other than 429: a wrong key, model or request; retrying will not help.
    case rejected(status: Int, detail: String)
    /// As many calls as allowed are already in flight (`EmbeddingGate`); refused without waiting.
    case busy
    /// The embedding server failed recently (`EmbeddingGate`'s breaker is open); refused without waiting.
    case circuitOpen

    /// Whether the server failed to answer usefully (counts towards opening the breaker).
    var isServerFailure: Bool {
        if case .unavailable = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .unavailable(let why): return "embedding server unavailable: \(why)"
        case .badResponse(let why): return "bad embedding response: \(why)"
        case .rejected(let status, let detail): return "embedding request rejected with \(status): \(detail)"
        case .busy: return "embedding calls at their limit; refused at once"
        case .circuitOpen: return "embedding server failing recently (breaker open); refused at once"
        }
    }
}
