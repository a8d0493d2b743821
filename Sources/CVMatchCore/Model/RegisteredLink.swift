/// A tagged link the owner made with `cvctl link new`, as stored in the campaign registry.
public struct RegisteredLink: Codable, Sendable, Equatable {
    public var url: String
    public var source: String
    public var medium: String
    public var campaign: String
    public var term: String?
    public var content: String?
    /// The Dub short link, when one was made.
    public var shortLink: String?
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var created: String
    /// Dub's id of the short link (`link_…`), what `cvctl link rm` deletes and `link stats` asks about.
    public var dubLinkID: String?
    /// The `externalId` the short link carries in Dub (`DubLinkOptions.externalID`): upserts find it again.
    public var externalID: String?
    /// The short link's domain, its expiry (ISO 8601) and Dub tag names, as asked for.
    public var domain: String?
    public var expires: String?
    public var tags: [String]?
    /// The click count Dub reported at `dubClicksAt` (cached by `cvctl link stats`; never fetched by a request).
    public var dubClicks: Int?
    public var dubClicksAt: String?

    public init(url: String, source: String, medium: String, campaign: String, term: String? = nil,
                content: String? = nil, shortLink: String? = nil, created: String) {
        self.url = url
        self.source = source
        self.medium = medium
        self.campaign = campaign
        self.term = term
        self.content = content
        self.shortLink = shortLink
        self.created = created
    }

    private enum CodingKeys: String, CodingKey {
        case url, created, domain, expires, tags
        case source = "utm_source", medium = "utm_medium", campaign = "utm_campaign"
        case term = "utm_term", content = "utm_content", shortLink = "short_link"
        case dubLinkID = "dub_link_id", externalID = "external_id"
        case dubClicks = "dub_clicks", dubClicksAt = "dub_clicks_at"
    }
}
