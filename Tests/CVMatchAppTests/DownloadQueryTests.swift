import CVMatchApp
import CVMatchCore
import CVMatchRedis
import CVMatchStore
import Testing

/// The download's stream entry names the query that earned its token (what `cvctl notify` says)
/// and carries Dub's click id; nothing of it is kept when query retention is off.
@Suite struct DownloadQueryTests {
    private func downloadEntry(_ site: SiteFixture, query: String) throws -> [String: String] {
        let match = SiteFixture.json(site.postMatch("Backend Developer", query: query))
        let token = try #require(match["token"] as? String)
        let response = site.download.handle(HTTPRequest(method: .get, path: "/api/download", queryString: "token=\(token)&" + query))
        #expect(response.status == .ok)
        let entries = try site.redis.send("XRANGE", RedisKeys.events, "-", "+").array ?? []
        let last = try #require(entries.last?.array?[1].array)
        var fields: [String: String] = [:]
        for i in stride(from: 0, to: last.count, by: 2) { fields[last[i].text ?? ""] = last[i + 1].text }
        return fields
    }

    @Test func theDownloadEntryNamesTheQueryAndTheDubClick() throws {
        let site = try SiteFixture()
        let fields = try downloadEntry(site, query: "utm_source=app-test&dub_id=Clk_9xY-2")
        #expect(fields["kind"] == "download" && fields["position"] == "backend")
        #expect(fields["query"] == "backend developer")
        #expect(fields["dub_id"] == "Clk_9xY-2")
        // the query was moved, not copied: no cvm:tq key is left behind
        #expect(try site.redis.send("KEYS", "cvm:tq:*").array?.isEmpty == true)
    }

    @Test func withoutQueryRetentionNoQueryIsKept() throws {
        var events = EventSettings()
        events.queryRetentionDays = 0
        let site = try SiteFixture(events: events)
        let fields = try downloadEntry(site, query: "utm_source=app-test")
        #expect(fields["kind"] == "download" && fields["query"] == nil)
    }
}
