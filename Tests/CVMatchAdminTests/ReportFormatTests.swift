import Testing
@testable import CVMatchAdmin
import CVMatchCore

@Suite struct ReportFormatTests {
    static func report() throws -> ChannelReport {
        let range = try ReportRange(since: "2024-04-01", until: "2024-04-02", today: 0, maximumDays: 400)
        let samples = CounterSample.parse(day: "2024-04-01", demo: false, fields: [
            ("visit|linkedin|social|apply-directly|", "4"), ("attempt|linkedin|social|apply-directly|backend", "2"),
            ("match|linkedin|social|apply-directly|backend", "1"), ("download|linkedin|social|apply-directly|backend", "1"),
            ("visit||||", "3"), ("visit|+cmd|x, y|\"q\"|", "1"),
        ])
        var queries = QueryTally()
        queries.add(counts: [("backend developer", 2)])
        queries.record(outcomes: [("backend developer", "80|matched|backend")])
        return ReportBuilder.build(range: range, grouping: .channel,
                                   input: ReportInput(samples: samples, queries: queries,
                                                      registered: [Channel(source: "linkedin", medium: "social", campaign: "apply-directly")]))
    }

    @Test func jsonHasTheChannelsWithNullForMissingValues() throws {
        let json = String(decoding: ReportJSON.encode(try Self.report()), as: UTF8.self)
        #expect(json.contains(#""channels":[{"attempts":2,"demo":false,"downloads":1,"downloads_per_attempt":0.5,"downloads_per_visit":0.25,"match_rate":0.5,"matches":1,"status":"known","utm_campaign":"apply-directly","utm_medium":"social","utm_source":"linkedin","visits":4},{"attempts":0,"demo":false,"downloads":0,"downloads_per_attempt":null,"downloads_per_visit":0,"match_rate":null,"matches":0,"status":"direct","utm_campaign":null,"utm_medium":null,"utm_source":null,"visits":3}"#))
        #expect(json.contains(#""daily":[{"attempts":2,"day":"2024-04-01","downloads":1,"matches":1,"visits":8},{"attempts":0,"day":"2024-04-02","downloads":0,"matches":0,"visits":0}]"#))
        #expect(json.contains(#""top_queries":[{"attempts":2,"outcome":"matched","position":"backend","query":"backend developer","score":80}]"#))
        #expect(json.contains(#""positions":[{"attempts":2,"downloads":1,"matches":1,"position":"backend"}]"#))
        #expect(json.contains(#""since":"2024-04-01""#) && json.contains(#""until":"2024-04-02""#) && json.contains(#""days":2"#))
        #expect(json.contains(#""by":"channel""#) && json.contains(#""demo":false"#))
    }

    @Test func ratesAreRoundedToFourDecimals() {
        #expect(ReportJSON.rounded(1.0 / 3.0) == 0.3333)
        #expect(ReportJSON.rounded(2.0 / 3.0) == 0.6667)
        #expect(ReportJSON.rounded(nil) == nil)
    }

    @Test func csvQuotesAndDefusesFields() throws {
        let lines = ReportText.csv(try Self.report()).split(separator: "\r\n").map(String.init)
        #expect(lines[0] == "utm_source,utm_medium,utm_campaign,visits,attempts,matches,downloads,match_rate,downloads_per_visit,downloads_per_attempt,status,demo")
        #expect(lines[1] == "linkedin,social,apply-directly,4,2,1,1,0.5000,0.2500,0.5000,known,false")
        #expect(lines[2] == ",,,3,0,0,0,,0.0000,,direct,false")
        #expect(lines[3] == #"'+cmd,"x, y","""q""",1,0,0,0,,0.0000,,unknown,false"#)
        #expect(lines.count == 4)
    }

    @Test func tableShowsRowsStatusRatesAndSections() throws {
        let table = ReportText.table(try Self.report())
        #expect(table.hasPrefix("cvmatch funnel 2024-04-01 … 2024-04-02 (2 days, by channel)\n"))
        #expect(table.contains("  linkedin    social      apply-directly       4         2        1          1       50.0%     25.0%       50.0%  known\n"))
        #expect(table.contains("(none)") && table.contains("direct"))
        #expect(table.contains("\ndownloads per position\n") && table.contains("\ntop queries\n"))
        #expect(table.contains("unknown UTM values"))
    }

    @Test func fixedAndPercentFormatting() {
        #expect(ReportText.fixed(0.5, decimals: 4) == "0.5000")
        #expect(ReportText.fixed(12.345, decimals: 1) == "12.3")
        #expect(ReportText.fixed(0.05, decimals: 0) == "0")
        #expect(ReportText.percent(0.1234) == "12.3%")
        #expect(ReportText.percent(nil) == "-")
    }
}
