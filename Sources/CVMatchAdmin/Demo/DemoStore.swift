import CVMatchCore
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

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
        let links = traffic.registeredLinks(base: base, created: SystemClock.isoTimestamp())
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
        try redis.runInBatches(commands, batchSize: ReportReader.commandsPerRoundTrip)
        return totals
    }

    /// Deletes every demo key; returns how many there were.
    @discardableResult
    public func clear() throws -> Int {
        let keys = try redis.keys(matching: RedisKeys.demoPrefix + "*")
        try redis.runInBatches(keys.map { Self.command(["UNLINK", $0]) }, batchSize: ReportReader.commandsPerRoundTrip)
        return keys.count
    }

    private static func command(_ arguments: [String]) -> RedisConnection.Command {
        arguments.map { Array($0.utf8) }
    }
}
