import FoundationEssentials
import CVMatchCore

/// `cvctl link stats`: per registered link, Dub's clicks next to what the site counted for the
/// link's exact UTM values — clicks → visits → matches → downloads — as text or JSON.
public struct LinkStats: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var link: RegisteredLink
        public var demo: Bool
        /// Dub's clicks in the range; nil when the link has no Dub id or Dub could not be asked.
        public var clicks: Int?
        /// Why `clicks` is missing although the link has a Dub id.
        public var clicksError: String?
        public var counts: FunnelCounts

        public init(link: RegisteredLink, demo: Bool, clicks: Int? = nil, clicksError: String? = nil,
                    counts: FunnelCounts) {
            self.link = link
            self.demo = demo
            self.clicks = clicks
            self.clicksError = clicksError
            self.counts = counts
        }
    }

    public var since: String
    public var until: String
    public var rows: [Row]

    public init(since: String, until: String, rows: [Row]) {
        self.since = since
        self.until = until
        self.rows = rows
    }

    public var text: String {
        guard !rows.isEmpty else { return "no registered links yet; make one with: cvctl link new --source … --medium … --campaign …\n" }
        var out = "links \(since) … \(until) (UTC): Dub clicks → visits → matches → downloads\n"
        for row in rows {
            let l = row.link
            var name = [l.source, l.medium, l.campaign, l.term, l.content].compactMap { $0 }.joined(separator: " / ")
            if row.demo { name += "  [demo]" }
            out += name + "\n"
            out += "    " + (l.shortLink ?? l.url) + "\n"
            let clicks = row.clicks.map(String.init) ?? (l.dubLinkID == nil ? "-" : "?")
            out += "    \(clicks) clicks → \(row.counts.visits) visits → \(row.counts.matches) matches → \(row.counts.downloads) downloads"
            if let rate = row.counts.downloadsPerVisit { out += "  (\(Int((rate * 100).rounded()))% of visits download)" }
            out += "\n"
            if let error = row.clicksError { out += "    clicks unavailable: \(error)\n" }
        }
        return out
    }

    public var json: [UInt8] {
        struct Link: Encodable {
            var utm_source: String, utm_medium: String, utm_campaign: String
            var utm_term: String?, utm_content: String?
            var url: String, short_link: String?, dub_link_id: String?, demo: Bool
            var clicks: Int?, clicks_error: String?
            var visits: Int, attempts: Int, matches: Int, downloads: Int
        }
        struct Document: Encodable { var since: String, until: String, links: [Link] }
        let links = rows.map { r in
            Link(utm_source: r.link.source, utm_medium: r.link.medium, utm_campaign: r.link.campaign,
                 utm_term: r.link.term, utm_content: r.link.content, url: r.link.url, short_link: r.link.shortLink,
                 dub_link_id: r.link.dubLinkID, demo: r.demo, clicks: r.clicks, clicks_error: r.clicksError,
                 visits: r.counts.visits, attempts: r.counts.attempts, matches: r.counts.matches,
                 downloads: r.counts.downloads)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(Document(since: since, until: until, links: links))) ?? Data())
    }
}
