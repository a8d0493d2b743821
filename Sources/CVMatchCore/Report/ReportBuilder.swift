/// Aggregates counter samples into a `ChannelReport`; pure, so tests give known samples and check
/// exact numbers. Work is linear in the number of samples (counter fields), not in raw events.
public enum ReportBuilder {
    public static func build(range: ReportRange, grouping: ReportGrouping, input: ReportInput,
                             topQueries: Int = 20, filter: ReportFilter? = nil, budget: EmbeddingBudget? = nil,
                             pricePerMillionTokens: Double? = nil) -> ChannelReport {
        let inRange = Set(range.days)
        let samples = input.samples.filter { inRange.contains($0.day) && filter?.admits($0) != false }

        var totals = FunnelCounts()
        var daily: [String: FunnelCounts] = [:]
        var positions: [String?: PositionRow] = [:]
        var byChannel: [Channel: FunnelCounts] = [:]
        for sample in samples {
            totals.add(sample.kind, sample.count)
            daily[sample.day, default: FunnelCounts()].add(sample.kind, sample.count)
            byChannel[sample.channel, default: FunnelCounts()].add(sample.kind, sample.count)
            if sample.kind != .visit {
                var row = positions[sample.position] ?? PositionRow(position: sample.position)
                switch sample.kind {
                case .attempt: row.attempts += sample.count
                case .match: row.matches += sample.count
                default: row.downloads += sample.count
                }
                positions[sample.position] = row
            }
        }

        // A real link counts real traffic, a demo link demo data (set against Dub's real clicks, a
        // real link must not include demo numbers with the same values).
        var byLink: [[String?]: FunnelCounts] = [:]
        for sample in samples {
            byLink[ReportGrouping.link.values(of: sample) + [sample.demo ? "demo" : nil], default: FunnelCounts()]
                .add(sample.kind, sample.count)
        }
        let links = input.links.map { entry -> LinkRow in
            var row = LinkRow(link: entry.link, demo: entry.demo, counts: FunnelCounts())
            row.counts = byLink[ReportGrouping.link.values(of: row.tags) + [entry.demo ? "demo" : nil]] ?? FunnelCounts()
            return row
        }.sorted { order($0.counts, $1.counts, ($0.demo ? 1 : 0, $0.link.url) < ($1.demo ? 1 : 0, $1.link.url)) }

        let known = input.registered.sorted().map { CampaignRow(channel: $0, counts: byChannel[$0] ?? FunnelCounts()) }
        let unknown = byChannel.filter { !$0.key.isDirect && !input.registered.contains($0.key) }
            .map { CampaignRow(channel: $0.key, counts: $0.value) }
            .sorted { order($0.counts, $1.counts, $0.channel < $1.channel) }

        return ChannelReport(
            range: range, grouping: grouping,
            rows: rows(samples, grouping, registered: input.registeredLinks),
            channels: rows(samples, .channel, registered: input.registeredLinks),
            totals: totals,
            daily: range.days.map { DayCounts(day: $0, counts: daily[$0] ?? FunnelCounts()) },
            positions: positions.values.sorted {
                ($0.downloads, $0.matches, $0.attempts) != ($1.downloads, $1.matches, $1.attempts)
                    ? ($0.downloads, $0.matches, $0.attempts) > ($1.downloads, $1.matches, $1.attempts)
                    : ($0.position ?? "\u{10FFFF}") < ($1.position ?? "\u{10FFFF}")
            },
            topQueries: input.queries.top(topQueries),
            knownCampaigns: known, unknownCampaigns: unknown, links: links,
            includesDemo: samples.contains { $0.demo },
            embedding: EmbeddingSpendReport.build(range: range, spend: input.spend, budget: budget,
                                                  pricePerMillionTokens: pricePerMillionTokens),
            filter: filter)
    }

    /// One row per distinct key: real and demo samples with the same values share it, and the row
    /// is marked `demo` when any of its counts came from demo data.
    private static func rows(_ samples: [CounterSample], _ grouping: ReportGrouping, registered: Set<LinkTags>) -> [FunnelRow] {
        var groups: [[String?]: FunnelCounts] = [:]
        var tagged: Set<[String?]> = []
        var demo: Set<[String?]> = []
        for sample in samples where grouping.counts(sample) {
            let key = grouping.values(of: sample)
            groups[key, default: FunnelCounts()].add(sample.kind, sample.count)
            if sample.isTagged { tagged.insert(key) }
            if sample.demo { demo.insert(key) }
        }
        let registeredValues = Set(registered.map { grouping.values(of: $0) })
        let rows = groups.map { key, counts in
            FunnelRow(values: key, counts: counts, demo: demo.contains(key),
                      status: grouping.isChannelGrouping ? status(key, tagged: tagged.contains(key), registeredValues) : nil)
        }
        if grouping == .day {
            return rows.sorted { ($0.values[0] ?? "") < ($1.values[0] ?? "") }
        }
        return rows.sorted { order($0.counts, $1.counts, tieBreak($0, $1)) }
    }

    /// Tagged rows are known or unknown; untagged ones direct, or referred when a referrer named them.
    private static func status(_ values: [String?], tagged: Bool, _ registered: Set<[String?]>) -> ChannelStatus {
        if tagged { return registered.contains(values) ? .known : .unknown }
        return values.allSatisfy({ $0 == nil }) ? .direct : .referred
    }

    /// Most visits first, then most attempts, downloads; `tie` decides equal counts.
    private static func order(_ left: FunnelCounts, _ right: FunnelCounts, _ tie: Bool) -> Bool {
        let l = (left.visits, left.attempts, left.downloads), r = (right.visits, right.attempts, right.downloads)
        return l != r ? l > r : tie
    }

    /// Rows without demo data first, then by values (missing values last).
    private static func tieBreak(_ left: FunnelRow, _ right: FunnelRow) -> Bool {
        if left.demo != right.demo { return !left.demo }
        let l = left.values.map { $0 ?? "\u{10FFFF}" }, r = right.values.map { $0 ?? "\u{10FFFF}" }
        return l.lexicographicallyPrecedes(r)
    }
}
