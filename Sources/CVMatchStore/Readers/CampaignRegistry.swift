import FoundationEssentials
import CVMatchCore
import CVMatchCrypto
import CVMatchRedis
import CVMatchSystem

/// The links the owner registered, so reports can tell known campaigns from unknown UTM values.
///
/// Redis hash `cvm:campaigns` (demo: `cvm:demo:campaigns`): field `CampaignField`, value the
/// `RegisteredLink` as JSON. Registering the same values again replaces the entry.
public struct CampaignRegistry {
    public let redis: RedisConnection
    public let dataSet: DataSet

    public init(redis: RedisConnection, dataSet: DataSet = .live) {
        self.redis = redis
        self.dataSet = dataSet
    }

    /// `HSET` command that stores the links.
    public func command(registering links: [RegisteredLink]) throws -> RedisConnection.Command {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var command: RedisConnection.Command = [Array("HSET".utf8), Array(dataSet.campaigns.utf8)]
        for link in links {
            command += [Array(CampaignField.encode(link).utf8), Array(try encoder.encode(link))]
        }
        return command
    }

    public func register(_ link: RegisteredLink) throws {
        if case .error(let message) = try redis.send(try command(registering: [link])) {
            throw RedisError.command(message)
        }
    }

    /// Removes the link registered under `field` (`CampaignField`); false when there was none.
    public func remove(field: String) throws -> Bool {
        let reply = try redis.send("HDEL", dataSet.campaigns, field)
        if case .error(let message) = reply { throw RedisError.command(message) }
        return reply.integer == 1
    }

    /// The link registered under `field`, if any.
    public func find(field: String) throws -> RegisteredLink? {
        let reply = try redis.send("HGET", dataSet.campaigns, field)
        if case .error(let message) = reply { throw RedisError.command(message) }
        return reply.bytes.flatMap { try? JSONDecoder().decode(RegisteredLink.self, from: Data($0)) }
    }

    /// Every registered link, oldest first; entries that are not valid JSON are skipped.
    public func list() throws -> [RegisteredLink] {
        let reply = try redis.send("HVALS", dataSet.campaigns)
        if case .error(let message) = reply { throw RedisError.command(message) }
        guard let values = reply.array else { throw RedisError.unexpectedReply("HVALS \(dataSet.campaigns)") }
        let decoder = JSONDecoder()
        return values.compactMap { $0.bytes.flatMap { try? decoder.decode(RegisteredLink.self, from: Data($0)) } }
            .sorted { ($0.created, CampaignField.encode($0)) < ($1.created, CampaignField.encode($1)) }
    }
}
