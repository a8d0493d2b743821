import CVMatchApp
import CVMatchCore
import CVMatchStore
import Testing

/// Hostile attribution cannot grow Redis without bound (issue 10, point 3): a flood of distinct UTM
/// values through the real endpoints into a real Redis, measured with `MEMORY USAGE` and `INFO`.
@Suite struct StorageBoundTests {
    /// A value of exactly `Attribution.maximumBytes` bytes (two-byte letters), distinct per `n`.
    static func hostile(_ n: Int, _ salt: String) -> String {
        let digits = String(n)
        let letters = String(repeating: "%C3%A9", count: (Attribution.maximumBytes - digits.count - salt.count) / 2)
        return salt + digits + letters
    }

    static func usedMemory(_ site: SiteFixture) throws -> Int {
        let info = try site.redis.send("INFO", "memory").text ?? ""
        let line = info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("used_memory:") } ?? ""
        return Int(line.dropFirst("used_memory:".count)) ?? 0
    }

    @Test func tenThousandDistinctHostileUTMValuesGrowRedisByABoundedAmount() throws {
        let settings = EventSettings(streamMaximumLength: 1000, channelsPerDay: 100)
        let site = try SiteFixture(events: settings)
        let registered = "utm_source=mail&utm_medium=email&utm_campaign=spring"
        _ = try site.redis.send("HSET", RedisKeys.campaigns, "mail|email|spring||", #"{"url":"x"}"#)
        let day = RedisKeys.daily(site.today)
        #expect(site.postMatch("backend developer", query: "utm_source=early").status == .ok)
        let before = try Self.usedMemory(site)

        let flood = 10_000
        for n in 0..<flood {
            let parameters = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "ref"]
                .map { "\($0)=\(Self.hostile(n, String($0.last!)))" }
            // every other request also carries one letter with 2,000 combining marks (4 KB): dropped
            let zalgo = n % 2 == 0 ? "&utm_campaign=a" + String(repeating: "%CC%81", count: 2000) : ""
            #expect(site.postMatch("backend developer", query: parameters.joined(separator: "&") + zalgo).status == .ok)
        }
        #expect(site.postMatch("backend developer", query: registered).status == .ok)
        #expect(site.postMatch("backend developer", query: "utm_source=early").status == .ok)

        // the day keeps `channelsPerDay` channels: "early" and the first 99 hostile ones; the rest,
        // but for the registered link, are one "other" row
        #expect(try site.redis.send("SCARD", RedisKeys.channels(site.today)).integer == 101)
        #expect(try site.hashCount(day, "attempt|other|other|other|backend") == flood - 99)
        #expect(try site.hashCount(day, "attempt|mail|email|spring|backend") == 1)
        #expect(try site.hashCount(day, "attempt|early|||backend") == 2)
        let fields = try #require(try site.redis.send("HLEN", day).integer)
        // attempt and match, for 102 channels, one position; and the day's `embed:cached` spend counter
        #expect(fields == 2 * 102 + 1)
        #expect(try site.hashCount(day, EmbeddingSpend.cachedField) == flood + 3)
        let ttl = try #require(try site.redis.send("TTL", day).integer)
        #expect(ttl > 799 * 86_400 && ttl <= 800 * 86_400)

        // documented bounds (docs/ARCHITECTURE.md, "Bounded storage")
        let counters = try #require(try site.redis.send("MEMORY", "USAGE", day).integer)
        let channels = try #require(try site.redis.send("MEMORY", "USAGE", RedisKeys.channels(site.today)).integer)
        #expect(counters + channels <= 150_000, "counters \(counters) B, channel set \(channels) B")
        let grown = try Self.usedMemory(site) - before
        // the stream (≤ ~1,000 entries of ≤ 1 KB), the last minute's request ids (≤ 120 B each) and
        // the queries of the tokens issued within a token's lifetime (`cvm:tq:*`, ≤ 160 B each here)
        #expect(grown <= 1_000 * 1_024 + flood * (120 + 160) + 150_000, "Redis grew by \(grown) bytes")
        let tokenQueries = try site.redis.send("EVAL", "return #redis.call('KEYS', 'cvm:tq:*')", "0").integer
        #expect(tokenQueries == flood + 3)
        print("storage bound: counters \(counters) B, channels \(channels) B, total growth \(grown) B for \(flood) requests")
    }
}
