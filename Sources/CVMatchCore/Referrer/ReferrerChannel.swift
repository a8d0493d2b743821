/// The channel an untagged visit is attributed to from its referring host: it becomes the
/// visit's medium in reports (source = the host), the way analytics tools name them.
///
/// | channel | hosts (the host itself or any subdomain) |
/// |---|---|
/// | `search` | `google.<any>`, `bing.com`, `duckduckgo.com`, `search.yahoo.com`, `yandex.<any>`, `baidu.com`, `ecosia.org`, `qwant.com`, `search.brave.com`, `kagi.com`, `startpage.com` |
/// | `social` | `linkedin.com`, `x.com`, `facebook.com`, `instagram.com`, `reddit.com`, `news.ycombinator.com`, `youtube.com`, `mastodon.social`, `bsky.app`, `threads.net`, `xing.com`, `t.me`, `whatsapp.com` |
/// | `referral` | every other site |
public enum ReferrerChannel: String, Sendable, Codable, CaseIterable {
    case search
    case social
    case referral

    static let searchHosts: Set<String> = [
        "bing.com", "duckduckgo.com", "search.yahoo.com", "baidu.com", "ecosia.org", "qwant.com",
        "search.brave.com", "kagi.com", "startpage.com",
    ]
    /// Search engines known under many country domains: `google.de`, `google.co.uk`, `yandex.ru`.
    static let searchNames = ["google", "yandex"]
    static let socialHosts: Set<String> = [
        "linkedin.com", "x.com", "facebook.com", "instagram.com", "reddit.com", "news.ycombinator.com",
        "youtube.com", "mastodon.social", "bsky.app", "threads.net", "xing.com", "t.me", "whatsapp.com",
    ]

    /// The channel of a normalised referring host (`ReferrerHost.normalise`).
    public init(host: String) {
        let labels = host.split(separator: ".").map(String.init)
        let suffixes = labels.indices.map { labels[$0...].joined(separator: ".") }
        if suffixes.contains(where: Self.searchHosts.contains)
            || (labels.count >= 2 && Self.searchNames.contains(labels[0])) {
            self = .search
        } else if suffixes.contains(where: Self.socialHosts.contains) {
            self = .social
        } else {
            self = .referral
        }
    }
}
