import CVMatchApp
import CVMatchCore
import CVMatchStore
import CVMatchSystem
import Testing

/// `POST /api/match` driven in process against a real Redis (no socket, no nginx).
@Suite struct MatchEndpointTests {
    @Test func aCachedTitleMatchesAndIssuesAVerifiableToken() throws {
        let site = try SiteFixture()
        let response = site.postMatch("Backend  Developer")
        #expect(response.status == .ok)
        let json = SiteFixture.json(response)
        #expect(json["matched"] as? Bool == true)
        #expect((json["position"] as? [String: Any])?["id"] as? String == "backend")
        #expect((json["score"] as? Int ?? 0) >= 50)
        let token = try #require(json["token"] as? String)
        let claims = try site.tokens.verify(token, now: SystemClock.now())
        #expect(claims.pos == "backend" && claims.exp - claims.iat == 600)
        #expect(json["download"] as? String == "/api/download?token=\(token)&utm_source=app-test&utm_medium=swift")
        #expect(response.headers.contains { $0 == ("Cache-Control", "no-store") })
    }

    @Test func anAttemptIsCountedWithItsChannelAndQuery() throws {
        let site = try SiteFixture()
        _ = site.postMatch("backend developer")
        _ = site.postMatch("registered nurse")
        let daily = RedisKeys.daily(site.today)
        #expect(try site.hashCount(daily, "attempt|app-test|swift||backend") == 1)
        #expect(try site.hashCount(daily, "match|app-test|swift||backend") == 1)
        #expect(try site.eventCount() == 2)
        let outcome = try site.redis.send("HGET", RedisKeys.queryOutcomes(site.today), "registered nurse").text
        #expect(QueryOutcomeRecord(decoding: try #require(outcome)).outcome == .counterExample)
    }

    @Test func aRefusedQueryNamesThePositionsOnOffer() throws {
        let site = try SiteFixture()
        let json = SiteFixture.json(site.postMatch("registered nurse"))
        #expect(json["matched"] as? Bool == false)
        #expect((json["score"] as? Int ?? 100) < 50)
        #expect((json["detail"] as? String)?.contains("Backend Developer, Product Manager") == true)
        #expect(json["token"] == nil)
    }

    @Test(arguments: [
        (HTTPMethod.get, "application/json", #"{"position":"x"}"#, HTTPStatus.methodNotAllowed, "method_not_allowed"),
        (.post, "text/plain", #"{"position":"x"}"#, .unsupportedMediaType, "unsupported_media_type"),
        (.post, "application/json", #"{"position":"x""#, .badRequest, "malformed_json"),
        (.post, "application/json", #"{"title":"x"}"#, .badRequest, "invalid_position"),
        (.post, "application/json", #"{"position":"   "}"#, .badRequest, "empty_position"),
    ])
    func badRequestsGetAJSONErrorAndRecordNothing(method: HTTPMethod, type: String, body: String, status: HTTPStatus, code: String) throws {
        let site = try SiteFixture()
        let response = site.match.handle(HTTPRequest(method: method, path: "/api/match", contentType: type, body: Array(body.utf8)))
        #expect(response.status == status)
        #expect(SiteFixture.json(response)["error"] as? String == code)
        #expect(try site.eventCount() == 0)
    }

    @Test func anOversizedBodyIs413() throws {
        let site = try SiteFixture()
        let response = site.match.handle(HTTPRequest(method: .post, path: "/api/match", contentType: "application/json",
                                                     contentLength: 1 << 20, bodyTooLarge: true))
        #expect(response.status == .payloadTooLarge)
    }

    @Test func anUncachedQueryWithTheEmbedderDownIs503AndNotCounted() throws {
        let site = try SiteFixture()
        let response = site.postMatch("site reliability engineer")
        #expect(response.status == .serviceUnavailable)
        #expect(SiteFixture.json(response)["error"] as? String == "unavailable")
        #expect(try site.eventCount() == 0)
    }

    @Test func nothingPopulatedIs503() throws {
        let site = try SiteFixture(populate: false)
        #expect(site.postMatch("backend developer").status == .serviceUnavailable)
    }

    @Test func anUnknownPathIs404() throws {
        let site = try SiteFixture()
        let response = site.match.handle(HTTPRequest(method: .get, path: "/api/nothing"))
        #expect(response.status == .notFound)
        #expect(SiteFixture.json(response)["error"] as? String == "not_found")
    }
}
