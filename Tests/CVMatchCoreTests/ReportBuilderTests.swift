import Testing
@testable import CVMatchCore

/// Known events in (recorded the way the site counts them), exact report numbers out.
@Suite struct ReportBuilderTests {
    /// 2024-04-01T00:00:00Z.
    static let april1 = 1_711_929_600

    struct Event {
        var time: Int
        var kind: EventKind
        var attribution = Attribution()
        var position: String?
    }

    /// Counts events into per-day counter hashes like the site does, then reads them back.
    static func samples(_ events: [Event], demo: Bool = false) -> [CounterSample] {
        var days: [String: [String: Int]] = [:]
        for e in events {
            days[CalendarDay.day(of: e.time), default: [:]][EventCounter.field(e.kind, e.attribution, position: e.position), default: 0] += 1
        }
        return days.flatMap { day, fields in
            CounterSample.parse(day: day, demo: demo, fields: fields.map { ($0.key, String($0.value)) })
        }
    }

    static let linkedin = Attribution(source: "linkedin", medium: "social", campaign: "apply-directly", term: "swift")
    static let github = Attribution(source: "github", medium: "referral", campaign: "readme")

    /// One day: linkedin 3 visits → 2 attempts → 1 match → 1 download; direct 2 visits, 1 failed
    /// attempt; github (not registered) 1 visit.
    static var oneDay: [Event] {
        let t = april1 + 3600
        return [
            Event(time: t, kind: .visit, attribution: linkedin), Event(time: t, kind: .visit, attribution: linkedin),
            Event(time: t, kind: .visit, attribution: linkedin),
            Event(time: t, kind: .attempt, attribution: linkedin, position: "backend"),
            Event(time: t, kind: .attempt, attribution: linkedin, position: "product"),
            Event(time: t, kind: .match, attribution: linkedin, position: "backend"),
            Event(time: t, kind: .download, attribution: linkedin, position: "backend"),
            Event(time: t, kind: .visit), Event(time: t, kind: .visit),
            Event(time: t, kind: .attempt, position: "backend"),
            Event(time: t, kind: .visit, attribution: github),
        ]
    }

    static let registered: Set<Channel> = [Channel(source: "linkedin", medium: "social", campaign: "apply-directly")]

    static func range(_ since: String, _ until: String) throws -> ReportRange {
        try ReportRange(since: since, until: until, today: 0, maximumDays: 3660)
    }

    @Test func channelRowsHaveExactCountsAndTheDirectRow() throws {
        let report = ReportBuilder.build(range: try Self.range("2024-04-01", "2024-04-01"), grouping: .channel,
                                         input: ReportInput(samples: Self.samples(Self.oneDay), registered: Self.registered))
        #expect(report.channels == [
            FunnelRow(values: ["linkedin", "social", "apply-directly"],
                      counts: FunnelCounts(visits: 3, attempts: 2, matches: 1, downloads: 1), status: .known),
            FunnelRow(values: [nil, nil, nil], counts: FunnelCounts(visits: 2, attempts: 1), status: .direct),
            FunnelRow(values: ["github", "referral", "readme"], counts: FunnelCounts(visits: 1), status: .unknown),
        ])
        #expect(report.rows == report.channels)
        #expect(report.totals == FunnelCounts(visits: 6, attempts: 3, matches: 1, downloads: 1))
        #expect(report.channels[0].counts.matchRate == 0.5)
        #expect(report.channels[0].counts.downloadsPerAttempt == 0.5)
        #expect(report.channels[0].counts.downloadsPerVisit == 1.0 / 3.0)
        #expect(report.channels[2].counts.matchRate == nil)
        #expect(report.positions == [
            PositionRow(position: "backend", attempts: 2, matches: 1, downloads: 1),
            PositionRow(position: "product", attempts: 1),
        ])
        #expect(report.knownCampaigns == [CampaignRow(channel: Channel(source: "linkedin", medium: "social", campaign: "apply-directly"),
                                                      counts: FunnelCounts(visits: 3, attempts: 2, matches: 1, downloads: 1))])
        #expect(report.unknownCampaigns == [CampaignRow(channel: Channel(source: "github", medium: "referral", campaign: "readme"),
                                                        counts: FunnelCounts(visits: 1))])
        #expect(report.includesDemo == false)
    }

    @Test func utcDayBoundariesDecideTheDay() throws {
        let lastSecondOfMarch = Self.april1 - 1
        let events = [Event(time: lastSecondOfMarch, kind: .visit), Event(time: lastSecondOfMarch, kind: .attempt),
                      Event(time: Self.april1, kind: .visit), Event(time: Self.april1, kind: .visit)]
        let input = ReportInput(samples: Self.samples(events))

        let march = ReportBuilder.build(range: try Self.range("2024-03-30", "2024-03-31"), grouping: .day, input: input)
        #expect(march.totals == FunnelCounts(visits: 1, attempts: 1))
        #expect(march.daily == [DayCounts(day: "2024-03-30", counts: FunnelCounts()),
                                DayCounts(day: "2024-03-31", counts: FunnelCounts(visits: 1, attempts: 1))])

        let april = ReportBuilder.build(range: try Self.range("2024-04-01", "2024-04-01"), grouping: .day, input: input)
        #expect(april.totals == FunnelCounts(visits: 2))
        #expect(april.rows == [FunnelRow(values: ["2024-04-01"], counts: FunnelCounts(visits: 2))])

        let both = ReportBuilder.build(range: try Self.range("2024-03-31", "2024-04-01"), grouping: .day, input: input)
        #expect(both.rows.map(\.values) == [["2024-03-31"], ["2024-04-01"]])
        #expect(both.totals == FunnelCounts(visits: 3, attempts: 1))
    }

    @Test func groupingsSumTheSameEvents() throws {
        let input = ReportInput(samples: Self.samples(Self.oneDay), registered: Self.registered)
        let range = try Self.range("2024-04-01", "2024-04-01")

        let bySource = ReportBuilder.build(range: range, grouping: .source, input: input)
        #expect(bySource.rows.map(\.values) == [["linkedin"], [nil], ["github"]])
        #expect(bySource.rows.map(\.status) == [.known, .direct, .unknown])

        let bySourceCampaign = ReportBuilder.build(range: range, grouping: .sourceCampaign, input: input)
        #expect(bySourceCampaign.rows.first?.values == ["linkedin", "apply-directly"])

        // Visits belong to no position: position rows hold attempts, matches and downloads only
        // (no "(none)" row of visits), and the visits stay in the totals.
        let byPosition = ReportBuilder.build(range: range, grouping: .position, input: input)
        #expect(byPosition.rows == [
            FunnelRow(values: ["backend"], counts: FunnelCounts(attempts: 2, matches: 1, downloads: 1)),
            FunnelRow(values: ["product"], counts: FunnelCounts(attempts: 1)),
        ])
        #expect(byPosition.totals.visits == 6)
        #expect(byPosition.rows.allSatisfy { $0.status == nil })
    }

    @Test func termAndContentAreGroupsAndTellTwoLinksApart() throws {
        let a = Attribution(source: "linkedin", medium: "social", campaign: "post", content: "photo")
        let b = Attribution(source: "linkedin", medium: "social", campaign: "post", content: "text")
        let term = Attribution(source: "google", medium: "cpc", campaign: "brand", term: "swift developer")
        let t = Self.april1
        let input = ReportInput(
            samples: Self.samples([Event(time: t, kind: .visit, attribution: a), Event(time: t, kind: .visit, attribution: a),
                                   Event(time: t, kind: .visit, attribution: b),
                                   Event(time: t, kind: .download, attribution: b, position: "backend"),
                                   Event(time: t, kind: .visit, attribution: term)]),
            registeredLinks: [LinkTags(channel: Channel(source: "linkedin", medium: "social", campaign: "post"), content: "photo")])
        let range = try Self.range("2024-04-01", "2024-04-01")

        let byContent = ReportBuilder.build(range: range, grouping: .content, input: input)
        #expect(byContent.rows.map(\.values) == [["photo"], ["text"], [nil]])
        #expect(byContent.rows.map(\.counts.downloads) == [0, 1, 0])
        #expect(byContent.rows.map(\.status) == [.known, .unknown, .unknown])

        let byTerm = ReportBuilder.build(range: range, grouping: .term, input: input)
        #expect(byTerm.rows.map(\.values) == [[nil], ["swift developer"]])
        #expect(byTerm.rows.map(\.counts.visits) == [3, 1])

        let byLink = ReportBuilder.build(range: range, grouping: .link, input: input)
        #expect(byLink.rows == [
            FunnelRow(values: ["linkedin", "social", "post", nil, "photo"], counts: FunnelCounts(visits: 2), status: .known),
            FunnelRow(values: ["linkedin", "social", "post", nil, "text"], counts: FunnelCounts(visits: 1, downloads: 1),
                      status: .unknown),
            FunnelRow(values: ["google", "cpc", "brand", "swift developer", nil], counts: FunnelCounts(visits: 1), status: .unknown),
        ])
        // the channel grouping is the triple: both contents in one row, known by its registered link
        let byChannel = ReportBuilder.build(range: range, grouping: .channel, input: input)
        #expect(byChannel.rows.first == FunnelRow(values: ["linkedin", "social", "post"],
                                                  counts: FunnelCounts(visits: 3, downloads: 1), status: .known))
    }

    @Test func realAndDemoDataShareOneRowPerKeyMarkedDemo() throws {
        let real = Self.samples([Event(time: Self.april1, kind: .visit, attribution: Self.linkedin),
                                 Event(time: Self.april1, kind: .visit)])
        let demo = Self.samples([Event(time: Self.april1, kind: .visit, attribution: Self.linkedin),
                                 Event(time: Self.april1, kind: .visit, attribution: Self.linkedin),
                                 Event(time: Self.april1, kind: .visit)], demo: true)
        let range = try Self.range("2024-04-01", "2024-04-01")
        let input = ReportInput(samples: real + demo, registered: Self.registered)
        let report = ReportBuilder.build(range: range, grouping: .channel, input: input)
        #expect(report.channels == [
            FunnelRow(values: ["linkedin", "social", "apply-directly"], counts: FunnelCounts(visits: 3), demo: true, status: .known),
            FunnelRow(values: [nil, nil, nil], counts: FunnelCounts(visits: 2), demo: true, status: .direct),
        ])
        #expect(report.totals.visits == 5)
        #expect(report.includesDemo)

        let byDay = ReportBuilder.build(range: range, grouping: .day, input: input)
        #expect(byDay.rows == [FunnelRow(values: ["2024-04-01"], counts: FunnelCounts(visits: 5), demo: true)])

        let realOnly = ReportBuilder.build(range: range, grouping: .channel, input: ReportInput(samples: real, registered: Self.registered))
        #expect(realOnly.channels.allSatisfy { !$0.demo })
    }

    @Test func samplesOutsideTheRangeAndForeignFieldsAreIgnored() throws {
        let samples = Self.samples([Event(time: Self.april1 - 86_400 * 2, kind: .visit)])
            + CounterSample.parse(day: "2024-04-01", demo: false,
                                  fields: [("visit|||", "5"), ("bogus|a|b|c|d", "7"), ("visit||||", "x"), ("visit||||", "2")])
        let report = ReportBuilder.build(range: try Self.range("2024-04-01", "2024-04-01"), grouping: .channel,
                                         input: ReportInput(samples: samples))
        #expect(report.totals == FunnelCounts(visits: 2))
    }

    @Test func aFilterRestrictsEveryNumberToOneRow() throws {
        let input = ReportInput(samples: Self.samples(Self.oneDay), registered: Self.registered)
        let range = try Self.range("2024-04-01", "2024-04-01")
        let linkedin = try #require(ReportFilter(grouping: .channel, encoded: "linkedin|social|apply-directly"))
        let report = ReportBuilder.build(range: range, grouping: .position, input: input, filter: linkedin)
        #expect(report.totals == FunnelCounts(visits: 3, attempts: 2, matches: 1, downloads: 1))
        #expect(report.rows.map(\.values) == [["backend"], ["product"]])
        #expect(report.daily.map(\.counts) == [report.totals])
        #expect(report.filter == linkedin)

        let direct = try #require(ReportFilter(grouping: .source, encoded: ""))
        #expect(direct.values == [nil])
        #expect(ReportBuilder.build(range: range, grouping: .channel, input: input, filter: direct).totals
                == FunnelCounts(visits: 2, attempts: 1))
        #expect(ReportFilter(grouping: .channel, encoded: "linkedin|social") == nil)
        #expect(ReportFilter(grouping: .channel, encoded: "a|b|c").map(\.encoded) == "a|b|c")
    }

    @Test func registeredLinksCountWhatTheirExactValuesBrought() throws {
        let photo = RegisteredLink(url: "https://cv.example/?utm_content=photo", source: "linkedin", medium: "social",
                                   campaign: "post", content: "photo", shortLink: "https://go.example/p", created: "2024-04-01T00:00:00Z")
        let unused = RegisteredLink(url: "https://cv.example/?utm_source=mail", source: "mail", medium: "email",
                                    campaign: "x", created: "2024-04-01T00:00:00Z")
        let t = Self.april1
        var input = ReportInput(samples: Self.samples([
            Event(time: t, kind: .visit, attribution: Attribution(source: "linkedin", medium: "social", campaign: "post", content: "photo")),
            Event(time: t, kind: .download, attribution: Attribution(source: "linkedin", medium: "social", campaign: "post", content: "photo"),
                  position: "backend"),
            Event(time: t, kind: .visit, attribution: Attribution(source: "linkedin", medium: "social", campaign: "post", content: "text")),
        ]))
        // the demo registry's twin of the same link counts demo data only, the real one real traffic only
        input.samples.append(CounterSample(day: "2024-04-01", kind: .visit,
                                           channel: Channel(source: "linkedin", medium: "social", campaign: "post"),
                                           content: "photo", count: 7, demo: true))
        input.links = [(unused, false), (photo, false), (photo, true)]
        let report = ReportBuilder.build(range: try Self.range("2024-04-01", "2024-04-01"), grouping: .channel, input: input)
        #expect(report.links == [LinkRow(link: photo, demo: true, counts: FunnelCounts(visits: 7)),
                                 LinkRow(link: photo, counts: FunnelCounts(visits: 1, downloads: 1)),
                                 LinkRow(link: unused, counts: FunnelCounts())])
        let json = String(decoding: ReportJSON.encode(report), as: UTF8.self)
        #expect(json.contains(#""short_link":"https://go.example/p""#) && json.contains(#""utm_content":"photo""#))
    }
}
