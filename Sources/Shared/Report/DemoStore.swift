/// Writes and removes `cvctl demo`'s data. Everything lives under `cvm:demo:` (see `DataSet`), so
/// clearing deletes exactly those keys and never a real event, counter or registered link.
public struct DemoStore {
    public let redis: RedisConnection

    public init(redis: RedisConnection) {
        self.redis = redis
    }

    /// Replaces any earlier demo data with `traffic` for the days `first...last`; returns the totals.
    @discardableResult
    public func write(_ traffic: DemoTraffic, days: ClosedRange<Int>, base: String) throws -> FunnelCounts {
        try clear()
        let demo = DataSet.demo
        var commands: [RedisConnection.Command] = []
        let links = traffic.registeredLinks(base: base, created: Clock.isoTimestamp())
        if !links.isEmpty {
            commands.append(try CampaignRegistry(redis: redis, dataSet: demo).command(registering: links))
        }
        var totals = FunnelCounts()
        for number in days {
            let day = traffic.day(number)
            for (field, count) in day.counters {
                if let kind = EventCounter.parse(field)?.kind { totals.add(kind, count) }
            }
            if !day.counters.isEmpty {
                commands.append(Self.command(["HSET", demo.daily(day.day)] + day.counters.flatMap { [$0.key, String($0.value)] }))
            }
            if !day.queries.isEmpty {
                commands.append(Self.command(["ZADD", demo.queries(day.day)] + day.queries.flatMap { [String($0.value), $0.key] }))
                commands.append(Self.command(["HSET", demo.queryOutcomes(day.day)] + day.outcomes.flatMap { [$0.key, $0.value] }))
            }
        }
        try run(commands)
        return totals
    }

    /// Deletes every demo key; returns how many there were.
    @discardableResult
    public func clear() throws -> Int {
        var cursor = "0"
        var keys: [String] = []
        repeat {
            let reply = try redis.send("SCAN", cursor, "MATCH", DataSet.demoPrefix + "*", "COUNT", "1000")
            guard let parts = reply.array, parts.count == 2, let next = parts[0].text, let batch = parts[1].array else {
                throw RedisError.unexpectedReply("SCAN")
            }
            keys += batch.compactMap(\.text)
            cursor = next
        } while cursor != "0"
        try run(Set(keys).map { Self.command(["UNLINK", $0]) })
        return Set(keys).count
    }

    private static func command(_ arguments: [String]) -> RedisConnection.Command {
        arguments.map { Array($0.utf8) }
    }

    private func run(_ commands: [RedisConnection.Command]) throws {
        var start = 0
        while start < commands.count {
            let end = min(start + ReportReader.commandsPerRoundTrip, commands.count)
            for reply in try redis.pipeline(Array(commands[start..<end])) {
                if case .error(let message) = reply { throw RedisError.command(message) }
            }
            start = end
        }
    }
}
