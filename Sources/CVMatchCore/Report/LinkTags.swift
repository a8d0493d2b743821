/// All five UTM values of a link: its channel (source, medium, campaign) plus `utm_term` and
/// `utm_content`, so two links that differ only in their content are told apart.
public struct LinkTags: Hashable, Sendable {
    public var channel: Channel
    public var term: String?
    public var content: String?

    public init(channel: Channel, term: String? = nil, content: String? = nil) {
        self.channel = channel
        self.term = term
        self.content = content
    }
}
