import Testing
@testable import CVMatchAdmin
import CVMatchCore

@Suite struct SitePageTests {
    static let hostile = #"<script>alert("x")</script>&'"#
    static let positions = [SitePage.Position(id: "backend", title: "Backend <b>Developer</b>"),
                            SitePage.Position(id: "pm", title: "Product Manager")]

    /// A profile with markup in every text field the page shows.
    static func hostileProfile() throws -> SiteProfile {
        let h = hostile.replacing("\"", with: "\\\"")
        let json = """
        {"basics": {"name": "\(h) Vale", "label": "\(h) label", "email": "robin@example.com",
          "url": "https://example.com/?a=1&b=\\"2\\"",
          "summary": "About \(h)\\n\\nSee [\(h) link](https://example.com/x?q=<script>).",
          "location": {"city": "\(h) city"},
          "profiles": [{"network": "\(h) net", "url": "https://example.com/'onmouseover='alert(1)"}]},
         "positions": {"backend": {"pitch": "\(h) pitch", "highlights": ["\(h) highlight"]}}}
        """
        return try SiteProfile(data: Array(json.utf8), file: "site.json")
    }

    static func bundle(_ profile: SiteProfile, owner: [String: [UInt8]] = [:]) throws -> SiteBundle {
        try SiteBundle(profile: profile, positions: positions, siteURL: try SiteURL("https://robin.example.com/"),
                       ownerFiles: owner, file: "site.json")
    }

    static func page(_ bundle: SiteBundle) -> String {
        String(decoding: bundle.files.first { $0.name == "index.html" }!.bytes, as: UTF8.self)
    }

    @Test func escapesEveryField() throws {
        let html = Self.page(try Self.bundle(try Self.hostileProfile()))
        // the only script elements are the page's own two
        #expect(html.ranges(of: "<script").count == 2)
        #expect(!html.contains("alert(\"x\")") && !html.contains("<b>"))
        #expect(!html.contains("'onmouseover='"))
        let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"
        for field in [" Vale</h1>", " label</p>", " city</p>", " net</a>", " pitch</p>", " highlight</li>", " link</a>"] {
            #expect(html.contains(escaped + field), "\(field)")
        }
        #expect(html.contains("<p>About \(escaped)</p>"))
        #expect(html.contains("<title>\(escaped) Vale — \(escaped) label</title>"))
        #expect(html.contains("content=\"\(escaped) Vale — \(escaped) label\""))
        #expect(html.contains("href=\"https://example.com/?a=1&amp;b=&quot;2&quot;\""))
        #expect(html.contains("href=\"https://example.com/x?q=&lt;script&gt;\""))
        #expect(html.contains("<h3>Backend &lt;b&gt;Developer&lt;/b&gt;</h3>"))
        #expect(html.contains("data-position=\"Backend &lt;b&gt;Developer&lt;/b&gt;\""))
        #expect(HTMLText.escape(Self.hostile) == escaped)
    }

    @Test func showsEveryPositionAndOnlyTheFieldsGiven() throws {
        let minimal = try SiteProfile(data: Array(#"{"basics": {"name": "Robin Vale", "label": "Engineer"}}"#.utf8), file: "site.json")
        let html = Self.page(try Self.bundle(minimal))
        #expect(html.contains("<h3>Product Manager</h3>") && html.contains("<h3>Backend &lt;b&gt;Developer&lt;/b&gt;</h3>"))
        #expect(html.ranges(of: "class=\"chip\"").count == 2)
        // nothing optional was given: no empty boxes
        for absent in ["class=\"about\"", "class=\"links\"", "class=\"location\"", "class=\"pitch\"", "class=\"highlights\"", "class=\"photo\""] {
            #expect(!html.contains(absent), "\(absent)")
        }
        #expect(html.contains("<span class=\"avatar\" aria-hidden=\"true\">RV</span>"))
        #expect(html.contains("<meta name=\"description\" content=\"Engineer\">"))
    }

    @Test func previewTagsCanonicalURLAndGeneratedFiles() throws {
        let minimal = try SiteProfile(data: Array(#"{"basics": {"name": "Robin Vale", "label": "Engineer"}}"#.utf8), file: "site.json")
        let bundle = try Self.bundle(minimal)
        #expect(bundle.files.map(\.name) == ["preview.png", "favicon.svg", "favicon.png", "favicon.ico",
                                             "apple-touch-icon.png", "robots.txt", "index.html"])
        let html = Self.page(bundle)
        for tag in ["<link rel=\"canonical\" href=\"https://robin.example.com/\">",
                    "<meta property=\"og:url\" content=\"https://robin.example.com/\">",
                    "<meta property=\"og:image\" content=\"https://robin.example.com/preview.png\">",
                    "<meta property=\"og:image:width\" content=\"600\">",
                    "<meta name=\"twitter:card\" content=\"summary\">",
                    "<meta name=\"twitter:image\" content=\"https://robin.example.com/preview.png\">",
                    "<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">",
                    "<link rel=\"icon\" href=\"/favicon.ico\" sizes=\"32x32\">"] {
            #expect(html.contains(tag), "\(tag)")
        }
        let files = Dictionary(uniqueKeysWithValues: bundle.files.map { ($0.name, $0.bytes) })
        #expect(PNGEncoder.size(of: files["favicon.png"]!)! == (32, 32))
        #expect(PNGEncoder.size(of: files["apple-touch-icon.png"]!)! == (180, 180))
        #expect(PNGEncoder.size(of: files["preview.png"]!)! == (600, 600))
        let ico = files["favicon.ico"]!
        #expect(Array(ico.prefix(8)) == [0, 0, 1, 0, 1, 0, 32, 32] && Array(ico.dropFirst(22)) == files["favicon.png"]!)
        #expect(String(decoding: files["favicon.svg"]!, as: UTF8.self).contains(">RV</text>"))
        #expect(String(decoding: files["robots.txt"]!, as: UTF8.self).contains("Disallow: /admin/"))
    }

    @Test func ownerImagesAreCheckedAndServedUnderFixedNames() throws {
        let json = #"{"basics": {"name": "Robin Vale", "label": "Engineer", "image": "me/Photo.JPG"}, "preview_image": "card.png"}"#
        let site = try SiteProfile(data: Array(json.utf8), file: "site.json")
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]
        let png = PNGEncoder.encode(width: 2, height: 1, rgba: [1, 2, 3, 255, 4, 5, 6, 255])
        let bundle = try Self.bundle(site, owner: ["me/Photo.JPG": jpeg, "card.png": png])
        #expect(bundle.files.first { $0.name == "photo.jpg" }?.bytes == jpeg)
        let html = Self.page(bundle)
        #expect(html.contains("<img class=\"photo\" src=\"/photo.jpg\" alt=\"Photo of Robin Vale\""))
        #expect(html.contains("<meta property=\"og:image\" content=\"https://robin.example.com/preview.png\">"))
        #expect(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"))
        #expect(throws: SiteConfigError(file: "site.json", field: "basics.image", problem: "me/Photo.JPG is not a JPG image")) {
            try Self.bundle(site, owner: ["me/Photo.JPG": png, "card.png": png])
        }
        #expect(throws: SiteConfigError(file: "site.json", field: "preview_image", problem: "cannot read card.png")) {
            try Self.bundle(site, owner: ["me/Photo.JPG": jpeg])
        }
    }

    @Test func pngEncodingRoundTripsItsChecksums() {
        // the zlib stream's Adler-32 and each chunk's CRC-32, checked against known values
        #expect(Deflate.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        let png = InitialsIcon.png(initials: "RV", size: 64)
        #expect(PNGEncoder.size(of: png)! == (64, 64))
        #expect(png.count < 64 * 64 * 4 / 4)   // the flat icon compresses well
    }
}
