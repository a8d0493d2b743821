import FoundationEssentials
import CVMatchCore
import CVMatchRedis
import CVMatchSystem

/// Reads what a report needs for a range from Redis: each day's counter hash, query set and
/// outcome hash (and the demo ones when asked), plus the registered campaigns, pipelined in a few
/// round trips. Nothing scans the raw event stream.
public struct ReportReader {
    /// Commands sent per round trip; a year with demo data takes about five.
    public static let commandsPerRoundTrip = 500

    public let redis: RedisConnection

    public init(redis: RedisConnection) {
        self.redis = redis
    }

    public func read(_ range: ReportRange, includeDemo: Bool) throws -> ReportInput {
        let sets: [DataSet] = includeDemo ? [.live, .demo] : [.live]
        var commands: [[String]] = sets.map { ["HGETALL", $0.campaigns] }
        for day in range.days {
            for set in sets {
                commands += [["HGETALL", set.daily(day)], ["ZRANGE", set.queries(day), "0", "-1", "WITHSCORES"],
                             ["HGETALL", set.queryOutcomes(day)]]
            }
        }
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        var start = 0
        while start < commands.count {
            let end = min(start + Self.commandsPerRoundTrip, commands.count)
            replies += try redis.pipeline(commands[start..<end].map { $0.map { Array($0.utf8) } })
            start = end
        }

        var input = ReportInput()
        var parser = CounterFieldParser()
        var next = 0
        func pairs() throws -> [(String, String)] {
            defer { next += 1 }
            return try Self.pairs(replies[next], command: commands[next])
        }
        let decoder = JSONDecoder()
        for set in sets {
            let entries = try pairs()
            input.registeredLinks.formUnion(entries.compactMap { field, _ in CampaignField.tags(of: field) })
            input.links += entries.compactMap { _, value in
                (try? decoder.decode(RegisteredLink.self, from: Data(value.utf8))).map { ($0, set.isDemo) }
            }
        }
        for day in range.days {
            for set in sets {
                let counters = try pairs()
                input.samples += parser.samples(day: day, demo: set.isDemo, fields: counters)
                if !set.isDemo { input.spend[day] = EmbeddingSpendDay.parse(day: day, fields: counters) }
                input.queries.add(counts: try pairs().map { ($0, Int(Double($1) ?? 0)) })
                input.queries.record(outcomes: try pairs())
            }
        }
        return input
    }

    /// The field/value (or member/score) pairs of a flat array reply.
    private static func pairs(_ reply: RedisReply, command: [String]) throws -> [(String, String)] {
        if case .error(let message) = reply { throw RedisError.command("\(command[0]) \(command[1]): \(message)") }
        guard let items = reply.array, items.count % 2 == 0 else {
            throw RedisError.unexpectedReply("\(command[0]) \(command[1])")
        }
        return stride(from: 0, to: items.count, by: 2).map { (items[$0].text ?? "", items[$0 + 1].text ?? "") }
    }
}
