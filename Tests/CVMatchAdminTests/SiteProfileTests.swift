import Testing
@testable import CVMatchAdmin
import CVMatchCore

@Suite struct SiteProfileTests {
    static let file = "config/site.json"

    /// A valid site file with `basics` fields replaced or added (`nil` removes one).
    static func document(basics: [String: String?] = [:], top: [String: String] = [:]) -> String {
        var fields: [String: String] = [
            "name": #""Robin Vale""#, "label": #""Backend developer""#,
        ]
        for (key, value) in basics { fields[key] = value }
        let basicsJSON = fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
        var parts = ["\"basics\": {\(basicsJSON)}"]
        for (key, value) in top.sorted(by: { $0.key < $1.key }) { parts.append("\"\(key)\": \(value)") }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    func profile(_ json: String) throws(SiteConfigError) -> SiteProfile {
        try SiteProfile(data: Array(json.utf8), file: Self.file)
    }

    func failure(_ json: String) -> SiteConfigError? {
        do { _ = try profile(json); return nil } catch { return error }
    }

    @Test func readsAJSONResumeBasicsBlockWithPitches() throws {
        let json = """
        {"$schema": "x", "basics": {"name": " Robin Vale ", "label": "Backend developer", "phone": "+1 555",
          "email": "robin@example.com", "url": "https://robin.example.com",
          "summary": "First line\\ncontinues.\\n\\nSecond with a [link](https://example.com/a).",
          "location": {"city": "Lisbon", "countryCode": "PT", "postalCode": "1000"},
          "profiles": [{"network": "GitHub", "username": "rv", "url": "https://github.com/rv"},
                       {"network": "Mastodon", "url": "https://social.example/@rv"}]},
         "positions": {"backend": {"pitch": "I ship.", "highlights": ["a", "b"]}, "pm": {}}}
        """
        let site = try profile(json)
        #expect(site.name == "Robin Vale")
        #expect(site.location?.display == "Lisbon, PT")
        #expect(site.profiles.map(\.network) == ["GitHub", "Mastodon"])
        #expect(site.summary?.paragraphs == [[.text("First line continues.")],
                                            [.text("Second with a "), .link(text: "link", url: "https://example.com/a"), .text(".")]])
        #expect(site.pitch(for: "backend") == .init(pitch: "I ship.", highlights: ["a", "b"]))
        #expect(site.pitch(for: "pm") == .init(pitch: nil, highlights: []))
        #expect(site.image == nil && site.previewImage == nil && site.favicon == nil)
    }

    /// Every field's error names the file and that field.
    @Test(arguments: [
        (document(basics: ["name": nil]), "basics.name"),
        (document(basics: ["name": #""   ""#]), "basics.name"),
        (document(basics: ["name": "7"]), "basics.name"),
        (document(basics: ["name": "\"\(String(repeating: "n", count: 101))\""]), "basics.name"),
        (document(basics: ["label": nil]), "basics.label"),
        (document(basics: ["label": "\"\(String(repeating: "l", count: 161))\""]), "basics.label"),
        (document(basics: ["image": #""https://cdn.example.com/me.jpg""#]), "basics.image"),
        (document(basics: ["image": #""../secret.jpg""#]), "basics.image"),
        (document(basics: ["image": #""me.gif""#]), "basics.image"),
        (document(basics: ["email": #""not-an-address""#]), "basics.email"),
        (document(basics: ["url": #""javascript:alert(1)""#]), "basics.url"),
        (document(basics: ["url": #""mailto:a@example.com""#]), "basics.url"),
        (document(basics: ["summary": #""See [this](javascript:alert(1))""#]), "basics.summary"),
        (document(basics: ["summary": #""See [this](https://example.com""#]), "basics.summary"),
        (document(basics: ["summary": "\"\(String(repeating: "s", count: 3001))\""]), "basics.summary"),
        (document(basics: ["location": #""Lisbon""#]), "basics.location"),
        (document(basics: ["location": #"{"city": 5}"#]), "basics.location.city"),
        (document(basics: ["location": #"{"town": "Lisbon"}"#]), "basics.location.town"),
        (document(basics: ["profiles": #"{"network": "x"}"#]), "basics.profiles"),
        (document(basics: ["profiles": #"[{"url": "https://x.example"}]"#]), "basics.profiles[0].network"),
        (document(basics: ["profiles": #"[{"network": "X", "url": "https://x.example"}, {"network": "Y", "url": "data:text/html,hi"}]"#]),
         "basics.profiles[1].url"),
        (document(basics: ["profiles": #"[{"network": "X", "url": " JavaScript:alert(1)"}]"#]), "basics.profiles[0].url"),
        (document(basics: ["profiles": #"[{"network": "X", "url": "https://a.example", "icon": "x"}]"#]), "basics.profiles[0].icon"),
        (document(basics: ["profiles": "[" + Array(repeating: #"{"network": "X", "url": "https://a.example"}"#, count: 13).joined(separator: ",") + "]"]),
         "basics.profiles"),
        (document(basics: ["sumary": #""typo""#]), "basics.sumary"),
        (document(top: ["preview_image": #""card.svg""#]), "preview_image"),
        (document(top: ["favicon": #""icon.jpg""#]), "favicon"),
        (document(top: ["theme": #""dark""#]), "theme"),
        (document(top: ["positions": #"["backend"]"#]), "positions"),
        (document(top: ["positions": #"{"Back End": {}}"#]), "positions.Back End"),
        (document(top: ["positions": #"{"backend": {"pitch": 3}}"#]), "positions.backend.pitch"),
        (document(top: ["positions": #"{"backend": {"pitch": "\#(String(repeating: "p", count: 501))"}}"#]), "positions.backend.pitch"),
        (document(top: ["positions": #"{"backend": {"highlights": ["a", "b", "c", "d", "e", "f"]}}"#]), "positions.backend.highlights"),
        (document(top: ["positions": #"{"backend": {"highlights": ["a", ""]}}"#]), "positions.backend.highlights[1]"),
        (document(top: ["positions": #"{"backend": {"why": "x"}}"#]), "positions.backend.why"),
        (#"{"profile": {}}"#, "profile"),
        (#"{"positions": {}}"#, "basics"),
    ])
    func namesTheFieldAndTheFile(json: String, field: String) {
        let error = failure(json)
        #expect(error?.field == field, "\(json)")
        #expect(error?.file == Self.file)
        #expect(error?.description.hasPrefix("config/site.json: \(field): ") == true, "\(String(describing: error))")
    }

    @Test func refusesWhatIsNotJSON() {
        let error = failure("{\"basics\": ")
        #expect(error?.description.hasPrefix("config/site.json: not valid JSON") == true)
    }

    @Test func pitchesMustBelongToAPosition() throws {
        let site = try profile(Self.document(top: ["positions": #"{"backend": {}, "devops": {}}"#]))
        #expect(throws: SiteConfigError(file: Self.file, field: "positions.devops",
                                        problem: "no position with this id in positions.json (ids: backend, pm)")) {
            try site.checkPitches(positionIDs: ["backend", "pm"], file: Self.file, positionsFile: "positions.json")
        }
        try site.checkPitches(positionIDs: ["backend", "devops"], file: Self.file, positionsFile: "positions.json")
    }

    @Test func linksAreLimitedToSafeSchemes() {
        for good in ["https://example.com", "http://example.com/a?b=c#d", "mailto:a@example.com", "HTTPS://EXAMPLE.COM"] {
            #expect(SafeLink.problem(good) == nil, "\(good)")
        }
        for bad in ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "//example.com",
                    "example.com", "https://", "https://user@example.com", "https://exa mple.com", "file:///etc/passwd",
                    "mailto:nobody", "java\u{0}script:x", ""] {
            #expect(SafeLink.problem(bad) != nil, "\(bad)")
        }
    }

    @Test func initialsAndSiteURL() throws {
        #expect(Initials.of("Ana María López") == "AL")
        #expect(Initials.of("robin") == "R")
        #expect(Initials.of("Jean-Luc Picard") == "JP")
        #expect(Initials.of("  ") == "?")
        #expect(try SiteURL("https://robin.example.com/cv?utm_source=x#top").base == "https://robin.example.com/cv/")
        #expect(try SiteURL("https://robin.example.com").absolute("/preview.png") == "https://robin.example.com/preview.png")
        #expect(throws: ConfigError.self) { try SiteURL("ftp://robin.example.com/") }
    }

    @Test func queryLogKeepsAtMost120Characters() {
        #expect(QueryLogText.excerpt("backend developer") == "backend developer")
        let exact = String(repeating: "a", count: 120)
        #expect(QueryLogText.excerpt(exact) == exact)
        let long = String(repeating: "b", count: 6000)
        let cut = QueryLogText.excerpt(long)
        #expect(cut.count == 120 && cut.hasSuffix("…") && long.hasPrefix(cut.dropLast()))
    }
}
