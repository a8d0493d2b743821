
/// Why a Redis call failed.
public enum RedisError: Error, CustomStringConvertible {
    /// No connection could be made, or it broke mid-call; the server may be down or restarting.
    case unavailable(String)
    /// The server answered a command with an error reply.
    case command(String)
    /// The reply did not have the shape the caller expected.
    case unexpectedReply(String)

    public var description: String {
        switch self {
        case .unavailable(let why): return "redis unavailable: \(why)"
        case .command(let why): return "redis error: \(why)"
        case .unexpectedReply(let why): return "unexpected redis reply: \(why)"
        }
    }
}
