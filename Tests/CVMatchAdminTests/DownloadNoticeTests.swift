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
