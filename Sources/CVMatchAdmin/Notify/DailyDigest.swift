import FoundationEssentials
import CVMatchCore

/// The optional daily message of `cvctl notify` (`CVMATCH_NOTIFY_DIGEST=HH:MM`, UTC): the previous
/// UTC day's funnel, its best channels and the downloads per CV, from the day's counters.
public struct DailyDigest: Sendable, Equatable {
    public var day: String
    public var report: ChannelReport
    /// Position id → title, for the downloads line.
    public var titles: [String: String]

    public init(day: String, report: ChannelReport, titles: [String: String]) {
        self.day = day
        self.report = report
        self.titles = titles
    }

    /// Minutes after midnight UTC for `HH:MM`; nil when not a time of day.
    public static func minuteOfDay(_ raw: String) -> Int? {
        let parts = raw.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) }),
              let h = Int(parts[0]), let m = Int(parts[1]), h < 24, m < 60 else { return nil }
        return h * 60 + m
    }

    /// The day whose digest is due at `now` (Unix s) when the digest goes out at `minute` UTC:
    /// yesterday, once today's `minute` has passed, unless `lastSent` is already that day.
    public static func dueDay(now: Int, minute: Int, lastSent: String?) -> String? {
        guard now % 86_400 >= minute * 60 else { return nil }
        let yesterday = CalendarDay.day(of: now - 86_400)
        return lastSent == yesterday ? nil : yesterday
    }

    public var headline: String { "cvmatch digest for \(day)" }

    public var text: String {
        let t = report.totals
        var lines = [headline, "\(t.visits) visits → \(t.attempts) attempts → \(t.matches) matches → \(t.downloads) downloads"]
        let best = report.channels.filter { $0.counts.visits + $0.counts.attempts > 0 }.sorted {
            ($0.counts.downloads, $0.counts.visits) > ($1.counts.downloads, $1.counts.visits)
        }.prefix(3)
        if !best.isEmpty {
            lines.append("Top channels: " + best.map { row in
                let name = row.values.contains { $0 != nil } ? row.values.map { $0 ?? "–" }.joined(separator: " / ") : "direct"
                return "\(name) (\(row.counts.visits) visits, \(row.counts.downloads) downloads)"
            }.joined(separator: "; "))
        }
        let downloaded = report.positions.filter { $0.downloads > 0 }
        if !downloaded.isEmpty {
            lines.append("Downloads: " + downloaded.map { p in
                "\(p.position.flatMap { titles[$0] ?? $0 } ?? "?") \(p.downloads)"
            }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// Headers and body of the webhook request for `kind` (the shapes of `DownloadNotice`).
    public func request(for kind: NotifyKind) -> (headers: [String], body: [UInt8]) {
        let idempotency = "Idempotency-Key: digest-\(day)"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func json(_ value: some Encodable) -> [UInt8] { Array((try? encoder.encode(value)) ?? Data()) }
        switch kind {
        case .slack: return (["Content-Type: application/json", idempotency], json(["text": text]))
        case .discord: return (["Content-Type: application/json", idempotency], json(["content": text]))
        case .ntfy:
            return (["Content-Type: text/plain; charset=utf-8", "Title: \(headline)", "Tags: bar_chart", idempotency],
                    Array(text.split(separator: "\n").dropFirst().joined(separator: "\n").utf8))
        case .json:
            struct Body: Encodable {
                var event = "digest"
                var day: String, visits: Int, attempts: Int, matches: Int, downloads: Int, text: String
            }
            let t = report.totals
            return (["Content-Type: application/json", idempotency],
                    json(Body(day: day, visits: t.visits, attempts: t.attempts, matches: t.matches,
                              downloads: t.downloads, text: text)))
        }
    }
}
