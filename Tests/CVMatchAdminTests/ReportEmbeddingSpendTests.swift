import Testing
@testable import CVMatchAdmin
@testable import CVMatchCore

@Suite struct ReportEmbeddingSpendTests {
    static func report(price: Double?) throws -> ChannelReport {
        let range = try ReportRange(since: "2024-04-01", until: "2024-04-03", today: 0, maximumDays: 400)
        let day1: [(String, String)] = [("attempt||||", "9"), ("embed:calls", "5"), ("embed:cached", "3"),
                                        ("embed:tokens", "40"), ("embed:estimated", "1"), ("embed:other", "7")]
        let day3: [(String, String)] = [("embed:calls", "2"), ("embed:refused", "4"), ("embed:tokens", "16")]
        let input = ReportInput(samples: CounterSample.parse(day: "2024-04-01", demo: false, fields: day1),
                                spend: ["2024-04-01": EmbeddingSpendDay.parse(day: "2024-04-01", fields: day1),
                                        "2024-04-03": EmbeddingSpendDay.parse(day: "2024-04-03", fields: day3)])
        return ReportBuilder.build(range: range, grouping: .channel, input: input,
                                   budget: EmbeddingBudget(callsPerHour: 2, callsPerDay: 100), pricePerMillionTokens: price)
    }

    @Test func spendFieldsSitBesideTheFunnelCountersWithoutDisturbingThem() throws {
        let report = try Self.report(price: nil)
        #expect(report.totals.attempts == 9)
        #expect(report.embedding.days.map(\.day) == ["2024-04-01", "2024-04-02", "2024-04-03"])
        #expect(report.embedding.days[0] == EmbeddingSpendDay(day: "2024-04-01", calls: 5, cached: 3, tokens: 40, estimatedCalls: 1))
        #expect(report.embedding.days[1].isEmpty)
        #expect(report.embedding.totals == EmbeddingSpendDay(day: "", calls: 7, cached: 3, refused: 4, tokens: 56, estimatedCalls: 1))
        #expect(report.embedding.daysBudgetReached.map(\.day) == ["2024-04-03"])
    }

    @Test func theTableShowsCallsPerDayAndWhenTheBudgetWasReached() throws {
        let text = ReportText.table(try Self.report(price: 0.02))
        #expect(text.contains("embedding calls (budget 2 calls/hour, 100 calls/day; price 0.0200 per million tokens)\n"))
        #expect(text.contains("  day         calls  cache hits  busy  tokens  est. cost\n"))
        #expect(text.contains("  2024-04-01      5           3     0      40   0.000001\n"))
        #expect(!text.contains("  2024-04-02 "))
        #expect(text.contains("  total           7           3     4      56   0.000001\n"))
        #expect(text.contains("  tokens of 1 call(s) are estimated"))
        #expect(text.contains("  budget reached on 2024-04-03: 4 new queries answered busy\n"))
    }

    @Test func withoutAPriceTheTableSaysHowToGetTheCost() throws {
        let text = ReportText.table(try Self.report(price: nil))
        #expect(text.contains("set CVMATCH_EMBED_PRICE_PER_MTOK for the cost"))
        #expect(!text.contains("est. cost"))
    }

    @Test func jsonCarriesTheSpendPerDayWithCost() throws {
        let json = String(decoding: ReportJSON.encode(try Self.report(price: 0.5)), as: UTF8.self)
        #expect(json.contains(#""embedding":{"budget":{"per_day":100,"per_hour":2},"daily":[{"busy":0,"cache_hits":3,"calls":5,"cost":2e-05,"day":"2024-04-01","estimated_calls":1,"tokens":40}"#))
        #expect(json.contains(#""price_per_mtok":0.5,"totals":{"busy":4,"cache_hits":3,"calls":7,"cost":2.8e-05,"estimated_calls":1,"tokens":56}}"#))
        let unpriced = String(decoding: ReportJSON.encode(try Self.report(price: nil)), as: UTF8.self)
        #expect(unpriced.contains(#""price_per_mtok":null"#) && unpriced.contains(#""cost":null"#))
    }
}
