/// Recognises clients that are not people: empty user agents, crawlers, link-preview fetchers and
/// command-line HTTP clients. Their visits are not counted.
public enum BotFilter {
    static let markers = [
        "bot", "crawl", "spider", "slurp", "preview", "facebookexternalhit", "embedly", "whatsapp",
        "telegram", "skypeuri", "discord", "bitlyurl", "vkshare", "pinterest", "quora link",
        "curl/", "wget/", "python-requests", "python-urllib", "go-http-client", "okhttp", "java/",
        "libwww", "httpclient", "axios/", "node-fetch", "lighthouse", "pingdom", "uptime",
    ]

    public static func isBot(userAgent: String) -> Bool {
        let agent = userAgent.lowercased()
        if agent.trimmingWhitespace().isEmpty { return true }
        return markers.contains { agent.contains($0) }
    }
}
