import CVMatchApp
import CVMatchCore
import CVMatchCrypto
import CVMatchStore
import Testing

/// `GET|HEAD /api/download` driven in process against a real Redis.
@Suite struct DownloadEndpointTests {
    private func token(_ site: SiteFixture) throws -> String {
        try #require(SiteFixture.json(site.postMatch("backend developer"))["token"] as? String)
    }

    private func get(_ site: SiteFixture, _ token: String, method: HTTPMethod = .get) -> HTTPResponse {
        site.download.handle(HTTPRequest(method: method, path: "/api/download",
                                         queryString: "token=\(token)&utm_source=app-test"))
    }

    @Test func aFreshTokenHandsThePDFToNginxOnce() throws {
        let site = try SiteFixture()
        let token = try token(site)
        let first = get(site, token)
        #expect(first.status == .ok && first.body.isEmpty)
        #expect(first.headers.contains { $0 == ("X-Accel-Redirect", "/_cv/backend.pdf") })
        #expect(first.headers.contains { $0 == ("Content-Disposition", "attachment; filename=\"Backend-CV.pdf\"") })
        #expect(try site.hashCount(RedisKeys.daily(site.today), "download|app-test|||backend") == 1)
        let second = get(site, token)
        #expect(second.status == .gone)
        #expect(SiteFixture.json(second)["error"] as? String == "token_used")
        #expect(try site.hashCount(RedisKeys.daily(site.today), "download|app-test|||backend") == 1)
    }

    @Test func headDoesNotSpendTheToken() throws {
        let site = try SiteFixture()
        let token = try token(site)
        #expect(get(site, token, method: .head).status == .ok)
        #expect(get(site, token).status == .ok)
        #expect(get(site, token, method: .head).status == .gone)
    }

    @Test func aForgedTokenIs403AndNeverReachesRedis() throws {
        let site = try SiteFixture()
        let genuine = try token(site)
        let keysBefore = try site.redis.send("DBSIZE").integer
        let forged = String(genuine.dropLast(2)) + (genuine.hasSuffix("AA") ? "BB" : "AA")
        for bad in [forged, "", "a.b.c", genuine + "x"] {
            let response = get(site, bad)
            #expect(response.status == .forbidden)
            #expect(SiteFixture.json(response)["error"] as? String == "invalid_token")
        }
        #expect(try site.redis.send("DBSIZE").integer == keysBefore)
    }

    @Test func anExpiredTokenIs410() throws {
        let site = try SiteFixture()
        let old = site.tokens.encode(DownloadToken(pos: "backend", jti: SecureRandom.identifier(), iat: 1000, exp: 1600))
        let response = get(site, old)
        #expect(response.status == .gone)
        #expect(SiteFixture.json(response)["error"] as? String == "token_expired")
    }

    @Test func onlyGetAndHeadOnTheDownloadPath() throws {
        let site = try SiteFixture()
        #expect(site.download.handle(HTTPRequest(method: .post, path: "/api/download")).status == .methodNotAllowed)
        #expect(site.download.handle(HTTPRequest(method: .get, path: "/api/other")).status == .notFound)
    }
}
