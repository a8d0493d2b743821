import FoundationEssentials
import CVMatchCore
import CVMatchHTTPClient
import CVMatchRedis

/// Makes short links through Dub's REST API: `POST {base}/links` with a bearer key and the link's
/// destination and `utm_*` fields; answers the `shortLink`.
public struct DubClient: Sendable {
    public static let defaultBaseURL = "https://api.dub.co"

    public let baseURL: String
    private let apiKey: String

    public init(baseURL: String = defaultBaseURL, apiKey: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
    }

    /// The JSON body for a link; `key` chooses the slug (Dub picks a random one without).
    public func requestBody(for link: TaggedLink, key: String? = nil) -> [UInt8] {
        struct Body: Encodable {
            var url: String
            var key: String?
            var utm_source: String?
            var utm_medium: String?
            var utm_campaign: String?
            var utm_term: String?
            var utm_content: String?
        }
        let a = link.attribution
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = Body(url: link.url, key: key, utm_source: a.source, utm_medium: a.medium,
                        utm_campaign: a.campaign, utm_term: a.term, utm_content: a.content)
        return Array((try? encoder.encode(body)) ?? Data())
    }

    /// Creates the short link and returns it, e.g. `https://dub.sh/abc123`.
    public func shorten(_ link: TaggedLink, key: String? = nil, session: CurlSession) throws(DubError) -> String {
        let response: CurlSession.Response
        do {
            response = try session.send(method: "POST", url: baseURL + "/links",
                                        headers: ["Authorization: Bearer \(apiKey)", "Content-Type: application/json",
                                                  "Accept: application/json"],
                                        body: requestBody(for: link, key: key))
        } catch {
            throw .network("\(baseURL): \(error.message)")
        }
        guard (200..<300).contains(response.status) else {
            throw DubError.from(status: response.status, body: response.body)
        }
        struct Created: Decodable { var shortLink: String }
        guard let created = try? JSONDecoder().decode(Created.self, from: Data(response.body)) else {
            throw .badResponse(response.snippet)
        }
        return created.shortLink
    }
}
