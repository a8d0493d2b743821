import Testing
@testable import CVMatchAdmin
import CVMatchCore

@Suite struct ReportDemoTrafficTests {
    static let traffic = DemoTraffic(positions: [("backend", "Backend Developer"), ("product", "Product Manager")])

    static func counts(_ day: DemoTraffic.Day) -> [Channel: FunnelCounts] {
        var out: [Channel: FunnelCounts] = [:]
        for sample in CounterSample.parse(day: day.day, demo: true, fields: day.counters.map { ($0.key, String($0.value)) }) {
            out[sample.attributedChannel, default: FunnelCounts()].add(sample.kind, sample.count)
        }
        return out
    }

    @Test func theSameDayGivesTheSameData() {
        #expect(Self.traffic.day(19_814) == Self.traffic.day(19_814))
        #expect(Self.traffic.day(19_814) != Self.traffic.day(19_815))
    }

    @Test func everyChannelsFunnelNarrowsAndQueriesMatchAttempts() {
        for number in 19_800..<19_830 {
            let day = Self.traffic.day(number)
            var attempts = 0
            for (_, c) in Self.counts(day) {
                #expect(c.visits >= c.attempts && c.attempts >= c.matches && c.matches >= c.downloads)
                attempts += c.attempts
            }
            #expect(day.queries.values.reduce(0, +) == attempts)
            #expect(Set(day.queries.keys) == Set(day.outcomes.keys))
        }
    }

    @Test func weekdaysAreBusierThanWeekendsAndChannelsConvertDifferently() {
        var weekday = 0, weekend = 0
        var perChannel: [Channel: FunnelCounts] = [:]
        for number in 19_814..<(19_814 + 28) {   // four whole weeks from a Monday
            let day = Self.traffic.day(number)
            let visits = Self.counts(day).values.reduce(0) { $0 + $1.visits }
            if (number + 3) % 7 >= 5 { weekend += visits } else { weekday += visits }
            for (channel, c) in Self.counts(day) { perChannel[channel, default: FunnelCounts()] += c }
        }
        #expect(Double(weekday) / 20 > 2 * Double(weekend) / 8)
        #expect(perChannel.count == DemoTraffic.profiles.count)
        let email = perChannel[Channel(source: "email", medium: "email", campaign: "recruiter-follow-up")]!
        #expect(email.downloadsPerVisit! > 3 * perChannel[.direct]!.downloadsPerVisit!)
    }

    @Test func registersTheKnownChannelsOnly() {
        let links = Self.traffic.registeredLinks(base: "https://cv.example/", created: "2024-04-01T00:00:00Z")
        #expect(links.count == DemoTraffic.profiles.filter(\.registered).count)
        #expect(links.map(CampaignField.encode) == ["linkedin|social|apply-directly||", "github|referral|readme||",
                                                          "email|email|recruiter-follow-up||", "cv-pdf|document|cv-footer||"])
    }
}
