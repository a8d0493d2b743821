import Testing
@testable import CVMatchAdmin
import CVMatchCore

@Suite struct LinkBuilderTests {
    @Test func spacesAndUnicodeArePercentEncodedAsUTF8() throws {
        let link = try TaggedLink(base: "https://cv.example/", source: "LinkedIn", medium: "social",
                                  campaign: "Spring Hiring 2025", term: "naïve café", content: "Zürich 日本")
        #expect(link.url == "https://cv.example/?utm_source=linkedin&utm_medium=social&utm_campaign=spring%20hiring%202025"
                + "&utm_term=na%C3%AFve%20caf%C3%A9&utm_content=z%C3%BCrich%20%E6%97%A5%E6%9C%AC")
    }

    @Test func theSiteReadsBackExactlyTheRegisteredValues() throws {
        let link = try TaggedLink(base: "https://cv.example/", source: " GitHub ", medium: "referral",
                                  campaign: "read me/now!", term: "a+b@c:d~e", content: "Ünïcödé")
        let query = String(link.url.split(separator: "?", maxSplits: 1)[1])
        #expect(Attribution(queryString: query) == link.attribution)
        #expect(link.attribution == Attribution(source: "github", medium: "referral", campaign: "read me/now!",
                                                term: "a+b@c:d~e", content: "ünïcödé"))
    }

    @Test(arguments: [
        ("https://cv.example", "https://cv.example/?"),
        ("https://cv.example/jobs", "https://cv.example/jobs?"),
        ("https://cv.example/?lang=en", "https://cv.example/?lang=en&"),
        ("https://cv.example?lang=en&", "https://cv.example/?lang=en&"),
        ("http://127.0.0.1:8080/#top", "http://127.0.0.1:8080/?"),
    ])
    func theBaseKeepsItsPathQueryAndFragment(base: String, prefix: String) throws {
        let link = try TaggedLink(base: base, source: "x", medium: "y", campaign: "z")
        #expect(link.url.hasPrefix(prefix + "utm_source=x&utm_medium=y&utm_campaign=z"))
        #expect(link.url.hasSuffix(base.hasSuffix("#top") ? "z#top" : "z"))
    }

    @Test(arguments: ["cv.example", "ftp://cv.example/", "https:///path", "https://cv.example/a b", "https://cv.example/?utm_source=old"])
    func badBasesAreRefused(base: String) {
        #expect(throws: LinkError.self) { try TaggedLink(base: base, source: "x", medium: "y", campaign: "z") }
    }

    @Test(arguments: ["", "   ", "a|b", "emoji ☕", String(repeating: "a", count: 65)])
    func valuesTheSiteWouldDropAreRefused(value: String) {
        #expect(throws: LinkError.invalidValue(name: "utm_campaign", value: value)) {
            try TaggedLink(base: "https://cv.example/", source: "x", medium: "y", campaign: value)
        }
    }

    @Test func registryFieldsNameTheirChannel() throws {
        let link = try TaggedLink(base: "https://cv.example/", source: "linkedin", medium: "social", campaign: "apply", content: "dm")
        let record = RegisteredLink(link, created: "2024-04-01T00:00:00Z")
        #expect(CampaignField.encode(record) == "linkedin|social|apply||dm")
        #expect(CampaignField.channel(of: "linkedin|social|apply||dm") == Channel(source: "linkedin", medium: "social", campaign: "apply"))
        #expect(CampaignField.channel(of: "linkedin|social") == nil)
        #expect(record.term == nil && record.content == "dm" && record.url == link.url)
    }
}
