import FoundationEssentials
import Testing
@testable import CVMatchAdmin
import CVMatchCore
import CVMatchHTTPClient

@Suite struct LinkDubClientTests {
    @Test func theBodyHasTheDestinationAndUTMFields() throws {
        let link = try TaggedLink(base: "https://cv.example/", source: "linkedin", medium: "social", campaign: "apply directly")
        let body = String(decoding: DubClient(apiKey: "k").requestBody(for: link, key: "cv-li"), as: UTF8.self)
        #expect(body == #"{"key":"cv-li","url":"https://cv.example/?utm_source=linkedin&utm_medium=social&utm_campaign=apply%20directly","utm_campaign":"apply directly","utm_medium":"social","utm_source":"linkedin"}"#)
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
        #expect(error(429, "").description.contains("Wait a minute"))
        #expect(error(502, "<html>bad gateway</html>") == .rejected(status: 502, message: "<html>bad gateway</html>"))
    }

    @Test func anUnreachableServerIsANetworkError() throws {
        CurlSession.globalInit()
        let link = try TaggedLink(base: "https://cv.example/", source: "a", medium: "b", campaign: "c")
        // Port 9 (discard) on loopback: nothing listens there, the connection is refused at once.
        let client = DubClient(baseURL: "http://127.0.0.1:9", apiKey: "k")
        #expect {
            try client.shorten(link, session: CurlSession(connectTimeoutMilliseconds: 1000, timeoutMilliseconds: 2000))
        } throws: { error in
            guard case DubError.network(let message) = error else { return false }
            return message.hasPrefix("http://127.0.0.1:9: ")
        }
    }
}
