import FoundationEssentials
import CVMatchCore

/// What the owner is told about one download (from its `cvm:events` entry): which CV, through which
/// channel, after which query; and the webhook request that says it in each `NotifyKind`.
public struct DownloadNotice: Sendable, Equatable {
    public var entryID: String
    public var position: String
    public var title: String?
    public var attribution: Attribution
    public var query: String?

    /// Reads a download entry; nil for any other kind.
    public init?(entryID: String, fields: [String: String], title: String?) {
        guard fields["kind"] == EventKind.download.rawValue else { return nil }
        self.entryID = entryID
        position = fields["position"] ?? ""
        self.title = title
        attribution = Attribution(source: fields["utm_source"], medium: fields["utm_medium"],
                                  campaign: fields["utm_campaign"], term: fields["utm_term"],
                                  content: fields["utm_content"], ref: fields["ref"], referrer: fields["referrer"],
                                  dubClickID: fields["dub_id"])
        query = fields["query"]
    }

    /// `linkedin / social / spring` (with term and content), `referrer github.com`, or `direct`.
    public var channel: String {
        let a = attribution
        if a.source != nil || a.medium != nil || a.campaign != nil {
            var text = [a.source, a.medium, a.campaign].map { $0 ?? "–" }.joined(separator: " / ")
            if let term = a.term { text += ", term \(term)" }
            if let content = a.content { text += ", content \(content)" }
            if let referrer = a.referrer { text += " (via \(referrer))" }
            return text
        }
        if let referrer = a.referrer { return "referrer \(referrer)" }
        return "direct"
    }

    /// The time the entry id carries (milliseconds since 1970), `YYYY-MM-DD HH:MM UTC`.
    public var time: String {
        let ms = Int(entryID.split(separator: "-").first ?? "") ?? 0
        let seconds = ms / 1000
        let minute = seconds % 86_400 / 60
        let hh = minute / 60, mm = minute % 60
        return CalendarDay.day(of: seconds) + " " + (hh < 10 ? "0" : "") + String(hh) + ":" + (mm < 10 ? "0" : "")
            + String(mm) + " UTC"
    }

    public var headline: String { "CV downloaded: \(title ?? position)" }

    /// The message in words, one fact a line.
    public var text: String {
        var lines = [headline, "Channel: \(channel)"]
        lines.append("Query: " + (query.map { "“\($0)”" } ?? "(not recorded)"))
        lines.append("At: \(time)")
        return lines.joined(separator: "\n")
    }

    /// Headers (besides none) and body of the webhook request for `kind`.
    public func request(for kind: NotifyKind) -> (headers: [String], body: [UInt8]) {
        let idempotency = "Idempotency-Key: \(entryID)"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func json(_ value: some Encodable) -> [UInt8] { Array((try? encoder.encode(value)) ?? Data()) }
        switch kind {
        case .slack:
            return (["Content-Type: application/json", idempotency], json(["text": text]))
        case .discord:
            return (["Content-Type: application/json", idempotency], json(["content": text]))
        case .ntfy:
            // ntfy reads the title from a header; header values must be ASCII-safe on one line.
            let title = String(headline.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? Character($0) : "?" })
            return (["Content-Type: text/plain; charset=utf-8", "Title: \(title)", "Tags: page_facing_up", idempotency],
                    Array(text.split(separator: "\n").dropFirst().joined(separator: "\n").utf8))
        case .json:
            struct Body: Encodable {
                var event = "download"
                var id: String, time: String, position: String, title: String?
                var utm_source: String?, utm_medium: String?, utm_campaign: String?, utm_term: String?
                var utm_content: String?, referrer: String?, dub_id: String?, channel: String, query: String?
                var text: String
            }
            let a = attribution
            return (["Content-Type: application/json", idempotency],
                    json(Body(id: entryID, time: time, position: position, title: title, utm_source: a.source,
                              utm_medium: a.medium, utm_campaign: a.campaign, utm_term: a.term, utm_content: a.content,
                              referrer: a.referrer, dub_id: a.dubClickID, channel: channel, query: query, text: text)))
        }
    }
}

/// The webhook formats `cvctl notify` speaks (`CVMATCH_NOTIFY_KIND`).
public enum NotifyKind: String, Sendable, CaseIterable {
    case json, slack, discord, ntfy
}
