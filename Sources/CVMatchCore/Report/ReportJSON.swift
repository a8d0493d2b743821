import FoundationEssentials

/// The JSON form of a report, shared by `cvctl report --format json` and `/admin/api/stats`.
///
/// Top level: `since`, `until`, `days`, `by`, `columns` (the `rows`' identifying keys), `filter`
/// (only when filtered: `by` and the row's values), `demo`, `totals`, `channels` (rows by source, medium
/// and campaign with keys `utm_source`, `utm_medium`, `utm_campaign`, `visits`, `attempts`,
/// `matches`, `downloads`, the rates `match_rate`, `downloads_per_visit`, `downloads_per_attempt`,
/// `status` and `demo` (true when any of the row's counts are demo data); missing UTM values are
/// `null`), `rows` (the same for the `by` grouping, keyed by its columns: `utm_term`, `utm_content`,
/// `referrer`, `position`, `day`, …), `daily`, `positions`, `top_queries`, `campaigns` (`known`,
/// `unknown`), `links` (each registered link: its five UTM values, `url`, `short_link`, `created`, `dub_clicks` and `dub_clicks_at` (cached by `cvctl link stats`),
/// `demo` and the counts its exact values brought) and `embedding` (`EmbeddingSpendJSON`). Rates are
/// null when their denominator is zero.
public enum ReportJSON {
    public static func encode(_ report: ChannelReport) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(Document(report: report))) ?? Data("{}".utf8))
    }

    /// A rate rounded to four decimals.
    public static func rounded(_ rate: Double?) -> Double? {
        rate.map { ($0 * 10_000).rounded() / 10_000 }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private static func encode(_ counts: FunnelCounts, rates: Bool, into c: inout KeyedEncodingContainer<Key>) throws {
        try c.encode(counts.visits, forKey: Key("visits"))
        try c.encode(counts.attempts, forKey: Key("attempts"))
        try c.encode(counts.matches, forKey: Key("matches"))
        try c.encode(counts.downloads, forKey: Key("downloads"))
        if rates {
            try c.encode(rounded(counts.matchRate), forKey: Key("match_rate"))
            try c.encode(rounded(counts.downloadsPerVisit), forKey: Key("downloads_per_visit"))
            try c.encode(rounded(counts.downloadsPerAttempt), forKey: Key("downloads_per_attempt"))
        }
    }

    private static func encode(_ channel: Channel, into c: inout KeyedEncodingContainer<Key>) throws {
        try c.encode(channel.source, forKey: Key("utm_source"))
        try c.encode(channel.medium, forKey: Key("utm_medium"))
        try c.encode(channel.campaign, forKey: Key("utm_campaign"))
    }

    private struct Counts: Encodable {
        var counts: FunnelCounts
        var rates: Bool
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try ReportJSON.encode(counts, rates: rates, into: &c)
        }
    }

    private struct Row: Encodable {
        var columns: [String]
        var row: FunnelRow
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            for (name, value) in zip(columns, row.values) { try c.encode(value, forKey: Key(name)) }
            try ReportJSON.encode(row.counts, rates: true, into: &c)
            try c.encode(row.demo, forKey: Key("demo"))
            if let status = row.status { try c.encode(status, forKey: Key("status")) }
        }
    }

    private struct Day: Encodable {
        var day: DayCounts
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(day.day, forKey: Key("day"))
            try ReportJSON.encode(day.counts, rates: false, into: &c)
        }
    }

    private struct Position: Encodable {
        var row: PositionRow
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(row.position, forKey: Key("position"))
            try c.encode(row.attempts, forKey: Key("attempts"))
            try c.encode(row.matches, forKey: Key("matches"))
            try c.encode(row.downloads, forKey: Key("downloads"))
        }
    }

    private struct Query: Encodable {
        var row: QueryRow
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(row.query, forKey: Key("query"))
            try c.encode(row.attempts, forKey: Key("attempts"))
            try c.encode(row.score, forKey: Key("score"))
            try c.encode(row.outcome, forKey: Key("outcome"))
            try c.encode(row.position, forKey: Key("position"))
        }
    }

    private struct Campaign: Encodable {
        var row: CampaignRow
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try ReportJSON.encode(row.channel, into: &c)
            try ReportJSON.encode(row.counts, rates: false, into: &c)
        }
    }

    private struct Link: Encodable {
        var row: LinkRow
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(row.link.source, forKey: Key("utm_source"))
            try c.encode(row.link.medium, forKey: Key("utm_medium"))
            try c.encode(row.link.campaign, forKey: Key("utm_campaign"))
            try c.encode(row.link.term, forKey: Key("utm_term"))
            try c.encode(row.link.content, forKey: Key("utm_content"))
            try c.encode(row.link.url, forKey: Key("url"))
            try c.encode(row.link.shortLink, forKey: Key("short_link"))
            try c.encode(row.link.created, forKey: Key("created"))
            try c.encode(row.link.dubClicks, forKey: Key("dub_clicks"))
            try c.encode(row.link.dubClicksAt, forKey: Key("dub_clicks_at"))
            try c.encode(row.demo, forKey: Key("demo"))
            try ReportJSON.encode(row.counts, rates: false, into: &c)
        }
    }

    private struct Document: Encodable {
        var report: ChannelReport
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(report.range.since, forKey: Key("since"))
            try c.encode(report.range.until, forKey: Key("until"))
            try c.encode(report.range.dayCount, forKey: Key("days"))
            try c.encode(report.grouping.rawValue, forKey: Key("by"))
            try c.encode(report.grouping.columns, forKey: Key("columns"))
            if let filter = report.filter {
                var f = c.nestedContainer(keyedBy: Key.self, forKey: Key("filter"))
                try f.encode(filter.grouping.rawValue, forKey: Key("by"))
                for (name, value) in zip(filter.grouping.columns, filter.values) { try f.encode(value, forKey: Key(name)) }
            }
            try c.encode(report.includesDemo, forKey: Key("demo"))
            try c.encode(Counts(counts: report.totals, rates: true), forKey: Key("totals"))
            try c.encode(report.channels.map { Row(columns: ReportGrouping.channel.columns, row: $0) }, forKey: Key("channels"))
            try c.encode(report.rows.map { Row(columns: report.grouping.columns, row: $0) }, forKey: Key("rows"))
            try c.encode(report.daily.map(Day.init), forKey: Key("daily"))
            try c.encode(report.positions.map(Position.init), forKey: Key("positions"))
            try c.encode(report.topQueries.map(Query.init), forKey: Key("top_queries"))
            var campaigns = c.nestedContainer(keyedBy: Key.self, forKey: Key("campaigns"))
            try campaigns.encode(report.knownCampaigns.map(Campaign.init), forKey: Key("known"))
            try campaigns.encode(report.unknownCampaigns.map(Campaign.init), forKey: Key("unknown"))
            try c.encode(EmbeddingSpendJSON(report: report.embedding), forKey: Key("embedding"))
            try c.encode(report.links.map(Link.init), forKey: Key("links"))
        }
    }
}
