import FoundationEssentials
import CVMatchCore
import CVMatchHTTPClient
import CVMatchRedis
import CVMatchSystem

/// Dub's REST API, as far as cvmatch uses it, with a bearer key: short links made or updated by
/// `PUT /links/upsert` (same destination URL → same link; the `externalId` names it), `PATCH` /
/// `DELETE /links/{id}`, click counts from `GET /analytics`, and lead events (`POST /track/lead`, sent by `Notifier`).
public struct DubClient: Sendable {
    public static let defaultBaseURL = "https://api.dub.co"

    public let baseURL: String
    private let apiKey: String

    public init(baseURL: String = defaultBaseURL, apiKey: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
    }

    /// What Dub answers about a link (the fields cvmatch keeps).
    public struct Link: Decodable, Sendable, Equatable {
        public var id: String
        public var shortLink: String
        public var domain: String?
        public var key: String?
    }

    /// The JSON body for a link: destination, `utm_*` fields and the options.
    public func requestBody(for link: TaggedLink, options: DubLinkOptions) -> [UInt8] {
        struct Body: Encodable {
            var url: String
            var externalId: String
            var key: String?
            var domain: String?
            var expiresAt: String?
            var tagNames: [String]?
            var trackConversion: Bool?
            var utm_source: String?
            var utm_medium: String?
            var utm_campaign: String?
            var utm_term: String?
            var utm_content: String?
        }
        let a = link.attribution
        let body = Body(url: link.url, externalId: options.externalID, key: options.key, domain: options.domain,
                        expiresAt: options.expires, tagNames: options.tags.isEmpty ? nil : options.tags,
                        trackConversion: options.trackConversion ? true : nil,
                        utm_source: a.source, utm_medium: a.medium, utm_campaign: a.campaign, utm_term: a.term,
                        utm_content: a.content)
        return Self.encode(body)
    }

    /// Creates the short link, or updates the one Dub already has for this URL or external id.
    public func upsert(_ link: TaggedLink, options: DubLinkOptions, session: CurlSession) throws(DubError) -> Link {
        let body = requestBody(for: link, options: options)
        let answer: [UInt8]
        do throws(DubError) {
            answer = try call("PUT", "/links/upsert", body: body, session: session)
        } catch {
            guard case .conflict(let message) = error, message.lowercased().contains("externalid") else { throw error }
            // The destination changed (another --base): the link with this external id takes it.
            answer = try call("PATCH", "/links/ext_" + options.externalID, body: body, session: session)
        }
        return try decode(Link.self, answer)
    }

    /// Deletes a link (`link_…`, or `ext_<externalId>`).
    public func delete(linkID: String, session: CurlSession) throws(DubError) {
        _ = try call("DELETE", "/links/" + QueryString.encode(linkID), body: nil, session: session)
    }

    /// Clicks on one link between two days (inclusive, UTC), from `GET /analytics?event=clicks&groupBy=count`.
    public func clicks(linkID: String, since: String, until: String, session: CurlSession) throws(DubError) -> Int {
        struct Count: Decodable { var clicks: Int }
        let query = "event=clicks&groupBy=count&linkId=\(QueryString.encode(linkID))"
            + "&start=\(since)T00:00:00Z&end=\(until)T23:59:59Z&timezone=UTC"
        return try decode(Count.self, call("GET", "/analytics?" + query, body: nil, session: session)).clicks
    }

    /// The request reporting a lead for the click `clickID` (Dub's `dub_id`): `POST /track/lead`.
    /// Dub counts one lead per customer and event name, so sending it again is harmless.
    public func leadRequest(clickID: String, eventName: String,
                            customerID: String) -> (url: String, headers: [String], body: [UInt8]) {
        struct Lead: Encodable {
            var clickId: String
            var eventName: String
            var customerExternalId: String
        }
        return (baseURL + "/track/lead",
                ["Authorization: Bearer \(apiKey)", "Accept: application/json", "Content-Type: application/json"],
                Self.encode(Lead(clickId: clickID, eventName: eventName, customerExternalId: customerID)))
    }

    private func call(_ method: String, _ path: String, body: [UInt8]?,
                      session: CurlSession) throws(DubError) -> [UInt8] {
        var headers = ["Authorization: Bearer \(apiKey)", "Accept: application/json"]
        if body != nil { headers.append("Content-Type: application/json") }
        let response: CurlSession.Response
        do {
            response = try session.send(method: method, url: baseURL + path, headers: headers, body: body)
        } catch {
            throw .network("\(baseURL): \(error.message)")
        }
        guard (200..<300).contains(response.status) else {
            throw DubError.from(status: response.status, body: response.body,
                                retryAfter: RetryAfter.milliseconds(header: response.header, now: SystemClock.now())
                                    .map { ($0 + 999) / 1000 })
        }
        return response.body
    }

    private func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8]) throws(DubError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch {
            throw .badResponse(String(decoding: body.prefix(200), as: UTF8.self))
        }
    }

    private static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(value)) ?? Data())
    }
}
