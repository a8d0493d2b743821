import Testing
import CVMatchCore

/// The referring host: what is kept of `document.referrer`, and the channel it stands for.
@Suite struct ReferrerTests {
    @Test(arguments: [
        ("https://www.linkedin.com/feed/update/urn:li:activity:1?trk=abc", "linkedin.com"),
        ("https://lnkd.in/eXyZ12", "linkedin.com"),
        ("https://l.facebook.com/l.php?u=https%3A%2F%2Fcv.example", "facebook.com"),
        ("https://lm.facebook.com/", "facebook.com"),
        ("https://m.facebook.com/story.php", "facebook.com"),
        ("https://t.co/AbCdEf", "x.com"),
        ("https://twitter.com/someone/status/1", "x.com"),
        ("https://www.google.co.uk/", "google.co.uk"),
        ("HTTPS://User:Pass@GitHub.com:443/robin/cv#readme", "github.com"),
        ("http://news.ycombinator.com./item?id=1", "news.ycombinator.com"),
        ("android-app://com.linkedin.android/", "linkedin.com"),
        ("www.example.org", "example.org"),
        ("127.0.0.1:8080", "127.0.0.1"),
        ("https://m.co/", "m.co"),
        ("https://www.com/", "www.com"),
    ])
    func normalisesToTheHost(raw: String, host: String) {
        #expect(ReferrerHost.normalise(raw) == host)
    }

    @Test(arguments: ["", "   ", "javascript:alert(1)", "ftp://files.example/", "https://exa mple.com/",
                      "https://bad|host.com/", "https://ex.com:80x/", "https://.example.com/", "https://a..b/",
                      "https://" + String(repeating: "a", count: 70) + ".com/", "file:///etc/passwd"])
    func refusesWhatNamesNoHost(raw: String) {
        #expect(ReferrerHost.normalise(raw) == nil)
    }

    @Test func theSiteItselfIsNoSource() {
        #expect(ReferrerHost.isSameSite("cv.example", as: "www.cv.example:8443"))
        #expect(ReferrerHost.isSameSite("127.0.0.1", as: "127.0.0.1:18580"))
        #expect(!ReferrerHost.isSameSite("linkedin.com", as: "cv.example"))
        var attribution = Attribution(queryString: "referrer=cv.example&utm_source=x", siteHost: "cv.example")
        #expect(attribution.referrer == nil && attribution.source == "x")
        attribution.setReferrer("https://www.cv.example/?q=1", siteHost: "cv.example")
        #expect(attribution.referrer == nil)
        attribution.setReferrer("https://lnkd.in/x", siteHost: "cv.example")
        #expect(attribution.referrer == "linkedin.com")
        #expect(Attribution(queryString: "referrer=https%3A%2F%2Fwww.bing.com%2Fsearch%3Fq%3Dme").referrer == "bing.com")
    }

    @Test(arguments: [
        ("google.com", ReferrerChannel.search), ("google.co.uk", .search), ("yandex.ru", .search),
        ("bing.com", .search), ("search.brave.com", .search), ("duckduckgo.com", .search),
        ("linkedin.com", .social), ("x.com", .social), ("news.ycombinator.com", .social), ("de.linkedin.com", .social),
        ("github.com", .referral), ("mail.google.com", .referral), ("googleblog.com", .referral), ("example.org", .referral),
    ])
    func classifiesTheHost(host: String, channel: ReferrerChannel) {
        #expect(ReferrerChannel(host: host) == channel)
    }

    @Test func counterFieldsKeepTheOldFormatAndReadTheNew() throws {
        let tagged = Attribution(source: "linkedin", medium: "social", campaign: "post")
        #expect(EventCounter.field(.visit, tagged) == "visit|linkedin|social|post|")
        let referred = Attribution(content: "banner", referrer: "github.com")
        #expect(EventCounter.field(.download, referred, position: "backend") == "download||||backend||banner|github.com")
        let old = try #require(EventCounter.parse("match|linkedin|social|post|backend"))
        #expect(old.source == "linkedin" && old.position == "backend" && old.referrer == nil && old.term == nil)
        let new = try #require(EventCounter.parse("download||||backend|swift|banner|github.com"))
        #expect(new.source == nil && new.position == "backend" && new.term == "swift" && new.content == "banner"
                && new.referrer == "github.com")
        #expect(EventCounter.parse("visit|a|b|c|d|e") == nil)
        #expect(EventCounter.parse("click|a|b|c|d") == nil)
    }

    @Test func untaggedVisitsAreAttributedToTheReferrersChannel() throws {
        let fields = [("visit|||||||linkedin.com", "3"), ("visit|||||||google.de", "2"), ("visit||||", "4"),
                      ("visit|linkedin|social|post|||x|lnkd.example", "1"), ("download||||backend|||github.com", "1")]
        let samples = CounterSample.parse(day: "2024-04-01", demo: false, fields: fields)
        let range = try ReportRange(since: "2024-04-01", until: "2024-04-01", today: 0, maximumDays: 10)
        let byChannel = ReportBuilder.build(range: range, grouping: .channel, input: ReportInput(samples: samples))
        let rows = Dictionary(uniqueKeysWithValues: byChannel.rows.map { ($0.values, $0) })
        #expect(rows[["linkedin.com", "social", nil]]?.counts.visits == 3)
        #expect(rows[["linkedin.com", "social", nil]]?.status == .referred)
        #expect(rows[["google.de", "search", nil]]?.counts.visits == 2)
        #expect(rows[["github.com", "referral", nil]]?.counts.downloads == 1)
        #expect(rows[[nil, nil, nil]]?.counts.visits == 4 && rows[[nil, nil, nil]]?.status == .direct)
        // Tagged visits keep their UTM channel whatever the referrer.
        #expect(rows[["linkedin", "social", "post"]]?.status == .unknown)

        let byReferrer = ReportBuilder.build(range: range, grouping: .referrer, input: ReportInput(samples: samples))
        #expect(byReferrer.rows.map(\.values) == [[nil], ["linkedin.com"], ["google.de"], ["lnkd.example"], ["github.com"]])
        let counts = Dictionary(uniqueKeysWithValues: byReferrer.rows.map { ($0.values[0] ?? "-", $0.counts.visits) })
        #expect(counts == ["linkedin.com": 3, "google.de": 2, "-": 4, "lnkd.example": 1, "github.com": 0])
        #expect(byReferrer.rows.allSatisfy { $0.status == nil })
    }
}
