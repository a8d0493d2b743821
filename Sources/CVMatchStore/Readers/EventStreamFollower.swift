import CVMatchCore
import CVMatchRedis

/// Reads `cvm:events` through a consumer group (`RedisKeys.notifyGroup`), so every entry is handed
/// out until it is acknowledged: after a crash or restart the consumer's own pending entries come
/// first (`XREADGROUP … 0`), then entries other consumers left unacknowledged for `claimIdleMilliseconds`
/// (`XAUTOCLAIM`), then new ones (`XREADGROUP … >`, blocking a little).
public final class EventStreamFollower {
    /// One stream entry: its id and fields (empty when the entry was trimmed away while pending).
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var fields: [String: String]
    }

    public let redis: RedisConnection
    public let consumer: String
    public let claimIdleMilliseconds: Int
    private var backlogDone = false

    public init(redis: RedisConnection, consumer: String, claimIdleMilliseconds: Int = 60_000) {
        self.redis = redis
        self.consumer = consumer
        self.claimIdleMilliseconds = claimIdleMilliseconds
    }

    /// Creates the group at the stream's end (entries written before the first start are not sent).
    public func ensureGroup() throws {
        let reply = try redis.send("XGROUP", "CREATE", RedisKeys.events, RedisKeys.notifyGroup, "$", "MKSTREAM")
        if case .error(let message) = reply, !message.hasPrefix("BUSYGROUP") { throw RedisError.command(message) }
    }

    /// The next entries: the backlog (own pending, then claimed) until it is empty, then new ones;
    /// waits at most `blockMilliseconds` for new ones.
    public func next(count: Int = 16, blockMilliseconds: Int) throws -> [Entry] {
        if !backlogDone {
            let own = try entries(of: try redis.send("XREADGROUP", "GROUP", RedisKeys.notifyGroup, consumer,
                                                     "COUNT", String(count), "STREAMS", RedisKeys.events, "0"))
            if !own.isEmpty { return own }
            let claimed = try redis.send("XAUTOCLAIM", RedisKeys.events, RedisKeys.notifyGroup, consumer,
                                         String(claimIdleMilliseconds), "0", "COUNT", String(count))
            if case .error(let message) = claimed { throw RedisError.command(message) }
            let taken = (claimed.array?.count ?? 0) > 1 ? (claimed.array![1].array ?? []).compactMap(Self.entry) : []
            if !taken.isEmpty { return taken }
            backlogDone = true
        }
        return try entries(of: try redis.send("XREADGROUP", "GROUP", RedisKeys.notifyGroup, consumer,
                                              "COUNT", String(count), "BLOCK", String(blockMilliseconds),
                                              "STREAMS", RedisKeys.events, ">"))
    }

    /// Marks entries as handled: they are never handed out again.
    public func acknowledge(_ ids: [String]) throws {
        guard !ids.isEmpty else { return }
        let reply = try redis.send(["XACK", RedisKeys.events, RedisKeys.notifyGroup].map { Array($0.utf8) }
                                   + ids.map { Array($0.utf8) })
        if case .error(let message) = reply { throw RedisError.command(message) }
    }

    /// A position's title (`cvm:pos:<id>`), nil when it is no longer configured.
    public func positionTitle(_ id: String) throws -> String? {
        try redis.send("HGET", RedisKeys.position(id), "title").text
    }

    private func entries(of reply: RedisReply) throws -> [Entry] {
        if case .error(let message) = reply { throw RedisError.command(message) }
        guard let streams = reply.array, let first = streams.first?.array, first.count == 2 else { return [] }
        return (first[1].array ?? []).compactMap(Self.entry)
    }

    private static func entry(_ reply: RedisReply) -> Entry? {
        guard let parts = reply.array, parts.count == 2, let id = parts[0].text else { return nil }
        var fields: [String: String] = [:]
        let flat = parts[1].array ?? []
        for i in stride(from: 0, to: flat.count - 1, by: 2) {
            if let name = flat[i].text, let value = flat[i + 1].text { fields[name] = value }
        }
        return Entry(id: id, fields: fields)
    }
}
