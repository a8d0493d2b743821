import FoundationEssentials

/// The links the owner registered, so reports can tell known campaigns from unknown UTM values.
///
/// Redis hash `cvm:campaigns` (demo: `cvm:demo:campaigns`): field `source|medium|campaign|term|content`
/// (sanitised values, empty where missing), value the `RegisteredLink` as JSON. Registering the same
/// values again replaces the entry.
public struct CampaignRegistry {
    public let redis: RedisConnection
    public let dataSet: DataSet

    public init(redis: RedisConnection, dataSet: DataSet = .live) {
        self.redis = redis
        self.dataSet = dataSet
    }

    /// The hash field of a link.
    public static func field(of link: RegisteredLink) -> String {
        [link.source, link.medium, link.campaign, link.term ?? "", link.content ?? ""].joined(separator: "|")
    }

    /// The UTM triple a registry field names; nil when the field is malformed.
    public static func channel(ofField field: String) -> Channel? {
        let parts = field.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5 else { return nil }
        func value(_ s: String) -> String? { s.isEmpty ? nil : s }
        return Channel(source: value(parts[0]), medium: value(parts[1]), campaign: value(parts[2]))
    }

    /// `HSET` command that stores the links.
    public func command(registering links: [RegisteredLink]) throws -> RedisConnection.Command {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var command: RedisConnection.Command = [Array("HSET".utf8), Array(dataSet.campaigns.utf8)]
        for link in links {
            command += [Array(Self.field(of: link).utf8), Array(try encoder.encode(link))]
        }
        return command
    }

    public func register(_ link: RegisteredLink) throws {
        if case .error(let message) = try redis.send(try command(registering: [link])) {
            throw RedisError.command(message)
        }
    }

    /// Every registered link, oldest first; entries that are not valid JSON are skipped.
    public func list() throws -> [RegisteredLink] {
        let reply = try redis.send("HVALS", dataSet.campaigns)
        if case .error(let message) = reply { throw RedisError.command(message) }
        guard let values = reply.array else { throw RedisError.unexpectedReply("HVALS \(dataSet.campaigns)") }
        let decoder = JSONDecoder()
        return values.compactMap { $0.bytes.flatMap { try? decoder.decode(RegisteredLink.self, from: Data($0)) } }
            .sorted { ($0.created, Self.field(of: $0)) < ($1.created, Self.field(of: $1)) }
    }
}
