import CVMatchCore
import CVMatchCrypto
import CVMatchSystem

/// A Lua script run with `EVALSHA`, falling back to `EVAL` when the server does not know it yet.
public struct RedisScript: Sendable {
    public let source: String
    public let sha1: String

    public init(_ source: String) {
        self.source = source
        self.sha1 = Digest.sha1Hex(Array(source.utf8))
    }

    /// The `EVALSHA` command for these keys and arguments.
    public func command(keys: [String], arguments: [[UInt8]]) -> RedisConnection.Command {
        [Array("EVALSHA".utf8), Array(sha1.utf8), Array(String(keys.count).utf8)]
            + keys.map { Array($0.utf8) } + arguments
    }
}

extension RedisConnection {
    /// Runs scripted commands in one pipeline; any that the server did not know (`NOSCRIPT`)
    /// are sent again as `EVAL` (one more round trip, only after a restart or `SCRIPT FLUSH`).
    public func pipeline(_ commands: [Command], scripts: [RedisScript?]) throws -> [RedisReply] {
        var replies = try pipeline(commands)
        for index in replies.indices {
            guard case .error(let message) = replies[index], message.hasPrefix("NOSCRIPT"),
                  let script = scripts[index] else { continue }
            var eval = commands[index]
            eval[0] = Array("EVAL".utf8)
            eval[1] = Array(script.source.utf8)
            replies[index] = try send(eval)
        }
        return replies
    }

    /// Runs one script and returns its reply; an error reply is thrown.
    public func run(_ script: RedisScript, keys: [String], arguments: [[UInt8]]) throws -> RedisReply {
        let reply = try pipeline([script.command(keys: keys, arguments: arguments)], scripts: [script])[0]
        if case .error(let message) = reply { throw RedisError.command(message) }
        return reply
    }
}
