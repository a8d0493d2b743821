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
        case url, created
        case source = "utm_source", medium = "utm_medium", campaign = "utm_campaign"
        case term = "utm_term", content = "utm_content", shortLink = "short_link"
    }
}
