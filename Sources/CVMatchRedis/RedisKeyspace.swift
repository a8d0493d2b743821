import CVMatchCore
import CVMatchSystem

/// Whole-keyspace chores for the admin tools: finding keys by pattern and sending many writes.
extension RedisConnection {
    /// Every key matching `pattern`, found with `SCAN` (never `KEYS`, which blocks the server).
    public func keys(matching pattern: String) throws -> [String] {
        var cursor = "0"
        var found = Set<String>()
        repeat {
            let reply = try send("SCAN", cursor, "MATCH", pattern, "COUNT", "1000")
            guard let parts = reply.array, parts.count == 2, let next = parts[0].text, let batch = parts[1].array else {
                throw RedisError.unexpectedReply("SCAN")
            }
            found.formUnion(batch.compactMap(\.text))
            cursor = next
        } while cursor != "0"
        return found.sorted()
    }

    /// Sends `commands` pipelined, `batchSize` per round trip; the first error reply is thrown.
    public func runInBatches(_ commands: [Command], batchSize: Int = 500) throws {
        var start = 0
        while start < commands.count {
            let end = min(start + batchSize, commands.count)
            for reply in try pipeline(Array(commands[start..<end])) {
                if case .error(let message) = reply { throw RedisError.command(message) }
            }
            start = end
        }
    }
}
