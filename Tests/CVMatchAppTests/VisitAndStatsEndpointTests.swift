import CVMatchApp
import CVMatchCore
import CVMatchStore
import Testing

/// `POST /api/visit` and `GET /admin/api/stats` driven in process against a real Redis.
@Suite struct VisitAndStatsEndpointTests {
    private static let browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"

    private func visit(_ site: SiteFixture, agent: String = browser, address: String = "192.0.2.1",
                       method: HTTPMethod = .post) -> HTTPResponse {
        site.match.handle(HTTPRequest(method: method, path: "/api/visit", queryString: "utm_source=newsletter",
                                      userAgent: agent, remoteAddress: address))
    }

    @Test func aVisitorCountsOncePerDay() throws {
        let site = try SiteFixture()
        #expect(visit(site).status == .noContent)
        #expect(visit(site).status == .noContent)
        #expect(visit(site, address: "192.0.2.2").status == .noContent)
        #expect(try site.hashCount(RedisKeys.daily(site.today), "visit|newsletter|||") == 2)
    }

    @Test func botsAndHeadAreAnsweredButNotCounted() throws {
        let site = try SiteFixture()
        #expect(visit(site, agent: "curl/8.0").status == .noContent)
        #expect(visit(site, agent: "").status == .noContent)
        #expect(visit(site, method: .head).status == .noContent)
        #expect(visit(site, method: .get).status == .methodNotAllowed)
        #expect(try site.eventCount() == 0)
    }

    private func visit(_ site: SiteFixture, body: String, address: String, query: String = "") -> HTTPResponse {
        site.match.handle(HTTPRequest(method: .post, path: "/api/visit", queryString: query,
                                      contentType: "text/plain;charset=UTF-8", body: Array(body.utf8),
                                      userAgent: Self.browser, remoteAddress: address, host: "cv.example:8443"))
    }

    @Test func theBeaconsReferrerIsKeptAsItsNormalisedHostOnly() throws {
        let site = try SiteFixture()
        #expect(visit(site, body: #"{"referrer":"https://www.linkedin.com/feed/update/urn:li:activity:7?trk=x"}"#,
                      address: "192.0.2.1").status == .noContent)
        #expect(visit(site, body: #"{"referrer":"https://lnkd.in/abc"}"#, address: "192.0.2.2").status == .noContent)
        #expect(try site.hashCount(RedisKeys.daily(site.today), "visit|||||||linkedin.com") == 2)
        let entries = try site.redis.send("XRANGE", RedisKeys.events, "-", "+").array ?? []
        let texts = entries.flatMap { $0.array?[1].array?.compactMap(\.text) ?? [] }
        #expect(texts.contains("linkedin.com") && !texts.contains { $0.contains("urn:li") || $0.contains("lnkd.in") })
    }

    @Test func selfReferralsEmptyAndMissingBodiesCountAsDirect() throws {
        let site = try SiteFixture()
        #expect(visit(site, body: #"{"referrer":"https://cv.example/?utm_source=x"}"#, address: "192.0.2.1").status == .noContent)
        #expect(visit(site, body: "", address: "192.0.2.2").status == .noContent)
        #expect(visit(site, body: #"{"referrer":""}"#, address: "192.0.2.3").status == .noContent)
        #expect(visit(site, body: #"{"referrer":"javascript:alert(1)"}"#, address: "192.0.2.4").status == .noContent)
        #expect(try site.hashCount(RedisKeys.daily(site.today), "visit||||") == 4)
    }

    @Test(arguments: [#"{"referrer":"#, #"{"referrer":5}"#, #"["https://x.com/"]"#])
    func aBadBodyIsRefusedAndNotCounted(body: String) throws {
        let site = try SiteFixture()
        let response = visit(site, body: body, address: "192.0.2.1")
        #expect(response.status == .badRequest)
        #expect(["malformed_json", "invalid_referrer"].contains(SiteFixture.json(response)["error"] as? String))
        #expect(try site.eventCount() == 0)
    }

    @Test func aTaggedVisitKeepsItsChannelAndRecordsTheReferrer() throws {
        let site = try SiteFixture()
        _ = visit(site, body: #"{"referrer":"https://t.co/xyz"}"#, address: "192.0.2.1", query: "utm_source=newsletter")
        #expect(try site.hashCount(RedisKeys.daily(site.today), "visit|newsletter||||||x.com") == 1)
    }

    @Test func theMatchCallsReferrerRidesOnToTheDownload() throws {
        let site = try SiteFixture()
        let response = site.postMatch("backend developer", query: "referrer=news.ycombinator.com")
        let link = try #require(SiteFixture.json(response)["download"] as? String)
        #expect(link.hasSuffix("&referrer=news.ycombinator.com"))
        #expect(try site.hashCount(RedisKeys.daily(site.today), "match||||backend|||news.ycombinator.com") == 1)
    }

    private func stats(_ site: SiteFixture, _ query: String, user: String? = "admin",
                       proof: String? = SiteFixture.adminProof) -> HTTPResponse {
        site.match.handle(HTTPRequest(method: .get, path: "/admin/api/stats", queryString: query, remoteUser: user,
                                      adminProof: proof))
    }

    @Test func statsNeedTheAdminLogin() throws {
        let site = try SiteFixture()
        let response = stats(site, "", user: nil)
        #expect(response.status == .forbidden)
        #expect(SiteFixture.json(response)["error"] as? String == "forbidden")
    }

    /// A process in nginx's group can set REMOTE_USER on the socket, but not the proof only nginx has.
    @Test(arguments: [nil, "", "0123456789abcdef0123456789abcdef", String(SiteFixture.adminProof.dropLast()),
                      SiteFixture.adminProof + "0"])
    func statsWithTheUserButWithoutTheProofAreRefused(proof: String?) throws {
        let site = try SiteFixture()
        let response = stats(site, "", proof: proof)
        #expect(response.status == .forbidden)
        #expect(SiteFixture.json(response)["error"] as? String == "forbidden")
    }

    @Test func withoutAConfiguredProofNoStatsAreServed() throws {
        let site = try SiteFixture()
        let router = MatchRouter(config: MatchConfig(
            redis: site.matchConfig.redis, embedding: site.matchConfig.embedding, searchMode: .exact,
            tokens: site.tokens, tokenLifetime: 600, events: EventSettings(),
            budget: EmbeddingBudget(callsPerHour: 0, callsPerDay: 0), pricePerMillionTokens: nil))
        let response = router.handle(HTTPRequest(method: .get, path: "/admin/api/stats", remoteUser: "admin",
                                                 adminProof: SiteFixture.adminProof))
        #expect(response.status == .forbidden)
    }

    @Test(arguments: ["since=2026-13-01", "by=planet", "demo=maybe", "top=1000", "since=2020-01-01&until=2026-01-01",
                      "filter_by=planet&filter=x", "filter_by=channel&filter=a|b", "filter_by=link"])
    func badStatsParametersAre400(query: String) throws {
        let site = try SiteFixture()
        let response = stats(site, query)
        #expect(response.status == .badRequest)
        #expect(SiteFixture.json(response)["error"] as? String == "bad_request")
    }

    @Test func statsReportWhatWasRecorded() throws {
        let site = try SiteFixture()
        _ = visit(site)
        _ = site.postMatch("backend developer", query: "utm_source=newsletter")
        let response = stats(site, "since=\(site.today)&until=\(site.today)")
        #expect(response.status == .ok)
        let totals = try #require(SiteFixture.json(response)["totals"] as? [String: Any])
        #expect(totals["visits"] as? Int == 1 && totals["attempts"] as? Int == 1 && totals["matches"] as? Int == 1)
    }

    @Test func statsCanBeFilteredToOneRow() throws {
        let site = try SiteFixture()
        _ = visit(site)
        _ = visit(site, agent: Self.browser + " other", address: "192.0.2.9")
        _ = site.match.handle(HTTPRequest(method: .post, path: "/api/visit", userAgent: Self.browser, remoteAddress: "192.0.2.7"))
        let all = SiteFixture.json(stats(site, "since=\(site.today)&until=\(site.today)"))
        #expect((all["totals"] as? [String: Any])?["visits"] as? Int == 3)
        #expect(all["columns"] as? [String] == ["utm_source", "utm_medium", "utm_campaign"])
        let response = stats(site, "since=\(site.today)&until=\(site.today)&by=day&filter_by=source&filter=newsletter")
        #expect(response.status == .ok)
        let json = SiteFixture.json(response)
        #expect((json["totals"] as? [String: Any])?["visits"] as? Int == 2)
        #expect((json["filter"] as? [String: Any])?["utm_source"] as? String == "newsletter")
        #expect(json["columns"] as? [String] == ["day"])
    }
}
