
/// Why a Redis call failed.
public enum RedisError: Error, CustomStringConvertible {
    /// Nothing reached Redis: no connection could be made, or the first write failed. The server may
    /// be down or restarting; the call had no effect.
    case unavailable(String)
    /// The command was sent but no reply came in time (Redis paused, overloaded, or the connection
    /// broke): it may have run, or may still run. Never repeat it blindly.
    case outcomeUnknown(String)
    /// The server answered a command with an error reply.
    case command(String)
    /// The reply did not have the shape the caller expected.
    case unexpectedReply(String)

    public var description: String {
        switch self {
        case .unavailable(let why): return "redis unavailable: \(why)"
        case .outcomeUnknown(let why): return "redis did not answer (the command may have run): \(why)"
        case .command(let why): return "redis error: \(why)"
        case .unexpectedReply(let why): return "unexpected redis reply: \(why)"
        }
    }

    /// The reason without the kind.
    public var reason: String {
        switch self {
        case .unavailable(let why), .outcomeUnknown(let why), .command(let why), .unexpectedReply(let why): return why
        }
    }
}
