import FoundationEssentials
import Testing
@testable import CVMatchAdmin
import CVMatchCore
import CVMatchHTTPClient

@Suite struct LinkDubClientTests {
    @Test func theBodyHasTheDestinationAndUTMFields() throws {
        let link = try TaggedLink(base: "https://cv.example/", source: "linkedin", medium: "social", campaign: "apply directly")
        let options = DubLinkOptions(key: "cv-li", domain: "go.cv.example", expires: "2027-01-31T23:59:59Z",
                                     tags: ["cv", "linkedin"], externalID: "cvm_apply-directly_0123abcd")
        let body = String(decoding: DubClient(apiKey: "k").requestBody(for: link, options: options), as: UTF8.self)
        #expect(body == #"{"domain":"go.cv.example","expiresAt":"2027-01-31T23:59:59Z","externalId":"cvm_apply-directly_0123abcd","key":"cv-li","tagNames":["cv","linkedin"],"url":"https://cv.example/?utm_source=linkedin&utm_medium=social&utm_campaign=apply%20directly","utm_campaign":"apply directly","utm_medium":"social","utm_source":"linkedin"}"#)
    }

    @Test func theExternalIDIsStableAndTellsTermAndContentApart() throws {
        func id(_ content: String?) throws -> String {
            let link = try TaggedLink(base: "https://cv.example/", source: "linkedin", medium: "social",
                                      campaign: "Spring Hiring 2027!", content: content)
            return DubLinkOptions.externalID(for: RegisteredLink(link, created: "x"))
        }
        #expect(try id(nil) == id(nil))
        #expect(try id(nil).hasPrefix("cvm_spring-hiring-2027_"))
        #expect(try id(nil).count == "cvm_spring-hiring-2027_".count + 8)
        #expect(try id(nil) != id("banner"))
    }

    @Test func expiriesAreISO8601() {
        #expect(DubLinkOptions.normalisedExpiry("2027-01-31") == "2027-01-31T23:59:59Z")
        #expect(DubLinkOptions.normalisedExpiry("2027-01-31T08:30Z") == "2027-01-31T08:30:00Z")
        #expect(DubLinkOptions.normalisedExpiry("2027-01-31T08:30:05") == "2027-01-31T08:30:05Z")
        #expect(DubLinkOptions.normalisedExpiry("31/01/2027") == nil)
        #expect(DubLinkOptions.normalisedExpiry("2027-13-01") == nil)
        #expect(DubLinkOptions.normalisedExpiry("2027-01-31T8h") == nil)
    }

    @Test func theBaseURLLosesATrailingSlash() {
        #expect(DubClient(baseURL: "http://127.0.0.1:9/", apiKey: "k").baseURL == "http://127.0.0.1:9")
        #expect(DubClient(apiKey: "k").baseURL == "https://api.dub.co")
    }

    @Test func errorsBecomeClearMessages() {
        func error(_ status: Int, _ body: String) -> DubError { DubError.from(status: status, body: Array(body.utf8)) }
        let unauthorized = error(401, #"{"error":{"code":"unauthorized","message":"Invalid API key.","doc_url":"x"}}"#)
        #expect(unauthorized == .unauthorized("401: Invalid API key."))
        #expect(unauthorized.description.contains("DUB_API_KEY"))
        let conflict = error(409, #"{"error":{"code":"conflict","message":"Duplicate key: This short link already exists."}}"#)
        #expect(conflict == .conflict("Duplicate key: This short link already exists."))
        #expect(conflict.description.contains("--key"))
        #expect(error(429, #"{"error":{"code":"rate_limit_exceeded"}}"#) == .rateLimited("rate_limit_exceeded"))
        #expect(DubError.from(status: 429, body: [], retryAfter: 7) == .rateLimited("HTTP 429", retryAfter: 7))
        #expect(error(404, #"{"error":{"code":"not_found","message":"Link not found."}}"#) == .notFound("Link not found."))
        #expect(error(429, "").description.contains("Wait a minute"))
        #expect(error(502, "<html>bad gateway</html>") == .rejected(status: 502, message: "<html>bad gateway</html>"))
    }

    @Test func anUnreachableServerIsANetworkError() throws {
        CurlSession.globalInit()
        let link = try TaggedLink(base: "https://cv.example/", source: "a", medium: "b", campaign: "c")
        // Port 9 (discard) on loopback: nothing listens there, the connection is refused at once.
        let client = DubClient(baseURL: "http://127.0.0.1:9", apiKey: "k")
        #expect {
            try client.upsert(link, options: DubLinkOptions(externalID: "e"),
                              session: CurlSession(connectTimeoutMilliseconds: 1000, timeoutMilliseconds: 2000))
        } throws: { error in
            guard case DubError.network(let message) = error else { return false }
            return message.hasPrefix("http://127.0.0.1:9: ")
        }
    }
}
