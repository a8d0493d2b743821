import FoundationEssentials
import Testing
@testable import CVMatchAdmin
import CVMatchCore

@Suite struct DownloadNoticeTests {
    // 2026-12-01 13:05:09 UTC in milliseconds.
    let id = "1796130309000-0"

    func notice(_ fields: [String: String]) -> DownloadNotice? {
        DownloadNotice(entryID: id, fields: ["kind": "download", "position": "backend"].merging(fields) { $1 },
                       title: "Backend Developer")
    }

    @Test func onlyDownloadsAreNotices() {
        #expect(DownloadNotice(entryID: id, fields: ["kind": "visit"], title: nil) == nil)
        #expect(notice([:]) != nil)
    }

    @Test func theChannelIsTheUTMValuesElseTheReferrerElseDirect() {
        #expect(notice(["utm_source": "linkedin", "utm_medium": "social", "utm_campaign": "spring"])?.channel
                == "linkedin / social / spring")
        #expect(notice(["utm_source": "linkedin", "utm_content": "banner", "referrer": "linkedin.com"])?.channel
                == "linkedin / – / –, content banner (via linkedin.com)")
        #expect(notice(["referrer": "github.com"])?.channel == "referrer github.com")
        #expect(notice([:])?.channel == "direct")
    }

    @Test func theTextNamesCVChannelQueryAndTime() throws {
        let n = try #require(notice(["utm_source": "x", "query": "senior backend developer"]))
        #expect(n.time == "2026-12-01 13:05 UTC")
        #expect(n.text == "CV downloaded: Backend Developer\nChannel: x / – / –\nQuery: “senior backend developer”\nAt: 2026-12-01 13:05 UTC")
        #expect(try #require(notice([:])).text.contains("Query: (not recorded)"))
    }

    @Test func eachKindHasItsShape() throws {
        let n = try #require(notice(["referrer": "github.com", "query": "sre"]))
        let slack = n.request(for: .slack)
        #expect(try JSONDecoder().decode([String: String].self, from: Data(slack.body)) == ["text": n.text])
        #expect(slack.headers.contains("Idempotency-Key: \(id)"))
        #expect(try JSONDecoder().decode([String: String].self, from: Data(n.request(for: .discord).body)) == ["content": n.text])
        let ntfy = n.request(for: .ntfy)
        #expect(ntfy.headers.contains("Title: CV downloaded: Backend Developer"))
        #expect(String(decoding: ntfy.body, as: UTF8.self) == "Channel: referrer github.com\nQuery: “sre”\nAt: 2026-12-01 13:05 UTC")
        let json = try JSONDecoder().decode([String: String?].self, from: Data(n.request(for: .json).body))
        #expect(json["id"] == id && json["position"] == "backend" && json["event"] == "download")
        #expect(json["referrer"] == "github.com" && json["query"] == "sre" && json["channel"] == "referrer github.com")
    }

    @Test func backoffDoublesToItsCap() {
        #expect((1...8).map(Delivery.backoff(attempt:)) == [500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000])
        #expect(Delivery.backoff(attempt: 100) == 30_000)
    }
}

@Suite struct DailyDigestTests {
    @Test func theTimeOfDayIsHHMM() {
        #expect(DailyDigest.minuteOfDay("08:30") == 510 && DailyDigest.minuteOfDay("00:00") == 0)
        #expect(DailyDigest.minuteOfDay("24:00") == nil && DailyDigest.minuteOfDay("8:30") == nil)
        #expect(DailyDigest.minuteOfDay("off") == nil)
    }

    @Test func yesterdayIsDueOnceTheTimeHasPassedAndOnlyOnce() {
        let today0800 = 1_796_083_200 + 8 * 3600  // 2026-12-01 08:00 UTC
        #expect(DailyDigest.dueDay(now: today0800 - 60, minute: 480, lastSent: nil) == nil)
        #expect(DailyDigest.dueDay(now: today0800, minute: 480, lastSent: nil) == "2026-11-30")
        #expect(DailyDigest.dueDay(now: today0800, minute: 480, lastSent: "2026-11-29") == "2026-11-30")
        #expect(DailyDigest.dueDay(now: today0800 + 3600, minute: 480, lastSent: "2026-11-30") == nil)
    }

    @Test func theTextHasTheFunnelTheBestChannelsAndTheDownloads() throws {
        let range = try ReportRange(since: "2026-11-30", until: "2026-11-30", today: 20_788, maximumDays: 1)
        var input = ReportInput()
        input.samples = [
            CounterSample(day: "2026-11-30", kind: .visit, channel: Channel(source: "linkedin", medium: "social", campaign: "spring"), count: 5),
            CounterSample(day: "2026-11-30", kind: .download, channel: Channel(source: "linkedin", medium: "social", campaign: "spring"),
                          position: "backend", count: 2),
            CounterSample(day: "2026-11-30", kind: .visit, channel: Channel(), count: 3),
        ]
        let digest = DailyDigest(day: "2026-11-30", report: ReportBuilder.build(range: range, grouping: .channel, input: input),
                                 titles: ["backend": "Backend Developer"])
        #expect(digest.text == """
        cvmatch digest for 2026-11-30
        8 visits → 0 attempts → 0 matches → 2 downloads
        Top channels: linkedin / social / spring (5 visits, 2 downloads); direct (3 visits, 0 downloads)
        Downloads: Backend Developer 2
        """)
        #expect(digest.request(for: .slack).headers.contains("Idempotency-Key: digest-2026-11-30"))
    }
}
