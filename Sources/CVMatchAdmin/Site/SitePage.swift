import CVMatchApp
import CVMatchCore
import CVMatchHTTPClient
import CVMatchStore

/// Renders the visitor page (`index.html`) from the owner's profile and the positions: everything a
/// recruiter, a link preview or a search engine needs is in the HTML itself, before any script runs.
/// Every text is escaped (`HTMLText`) and every link was checked against `SafeLink` when read.
public struct SitePage: Sendable {
    /// A position as the page shows it.
    public struct Position: Sendable, Equatable {
        public var id: String
        public var title: String
        public init(id: String, title: String) {
            self.id = id
            self.title = title
        }
    }

    /// The files the page refers to, as paths at the site's root.
    public struct Assets: Sendable, Equatable {
        public var photo: String?
        public var previewImage: String
        /// Known only for images generated here.
        public var previewSize: (width: Int, height: Int)?
        /// A large, wide image the owner chose: preview cards show it full width.
        public var previewIsWide: Bool
        /// True when `/favicon.svg` exists (generated from the initials).
        public var svgIcon: Bool

        public init(photo: String?, previewImage: String, previewSize: (width: Int, height: Int)?, previewIsWide: Bool, svgIcon: Bool) {
            self.photo = photo
            self.previewImage = previewImage
            self.previewSize = previewSize
            self.previewIsWide = previewIsWide
            self.svgIcon = svgIcon
        }

        public static func == (a: Assets, b: Assets) -> Bool {
            a.photo == b.photo && a.previewImage == b.previewImage && a.previewSize?.width == b.previewSize?.width
                && a.previewSize?.height == b.previewSize?.height && a.previewIsWide == b.previewIsWide && a.svgIcon == b.svgIcon
        }
    }

    /// The longest text the match field accepts (`MatchRequest.maximumPositionCharacters`).
    public static let maximumQueryCharacters = MatchRequest.maximumPositionCharacters

    public let profile: SiteProfile
    public let positions: [Position]
    public let siteURL: SiteURL
    public let assets: Assets

    public init(profile: SiteProfile, positions: [Position], siteURL: SiteURL, assets: Assets) {
        self.profile = profile
        self.positions = positions
        self.siteURL = siteURL
        self.assets = assets
    }

    /// The page's title: "Name — headline".
    public var title: String { "\(profile.name) — \(profile.label)" }

    /// One or two sentences for search results and link previews: the first about paragraph, or the headline.
    public var description: String {
        let first = profile.summary?.paragraphs.first.map { segments in
            segments.map { segment -> String in
                switch segment {
                case .text(let text): return text
                case .link(let text, _): return text
                }
            }.joined()
        }
        guard let first, !first.isEmpty else { return profile.label }
        return first.count <= 200 ? first : String(first.prefix(199)).trimmingWhitespace() + "…"
    }

    public func render() -> String {
        var html = HTMLBuilder()
        html.line("<!doctype html>")
        html.line("<html lang=\"en\">")
        html.line("<head>")
        head(&html)
        html.line("</head>")
        html.line("<body>")
        html.line("<main class=\"page\">")
        header(&html)
        cvSection(&html)
        about(&html)
        html.line("<noscript><p class=\"message\">Without JavaScript the CV buttons cannot fetch a CV; please write to me using the links above.</p></noscript>")
        html.line("</main>")
        html.line("<footer class=\"footer\">")
        html.line("<p id=\"privacy-note\">No cookies, no third-party scripts. What you type is kept for a limited time to improve the matching; of a long text only the first \(QueryLogText.maximumCharacters) characters.</p>")
        html.line("</footer>")
        html.line("</body>")
        html.line("</html>")
        return html.text
    }

    private func head(_ html: inout HTMLBuilder) {
        let e = HTMLText.escape
        html.line("<meta charset=\"utf-8\">")
        html.line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        html.line("<meta name=\"color-scheme\" content=\"light dark\">")
        html.line("<title>\(e(title))</title>")
        html.line("<meta name=\"description\" content=\"\(e(description))\">")
        html.line("<link rel=\"canonical\" href=\"\(e(siteURL.base))\">")
        html.line("<link rel=\"icon\" href=\"/favicon.ico\" sizes=\"32x32\">")
        if assets.svgIcon { html.line("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">") }
        html.line("<link rel=\"apple-touch-icon\" href=\"/apple-touch-icon.png\">")
        let image = siteURL.absolute(assets.previewImage)
        html.line("<meta property=\"og:type\" content=\"profile\">")
        html.line("<meta property=\"og:title\" content=\"\(e(title))\">")
        html.line("<meta property=\"og:description\" content=\"\(e(description))\">")
        html.line("<meta property=\"og:url\" content=\"\(e(siteURL.base))\">")
        html.line("<meta property=\"og:image\" content=\"\(e(image))\">")
        html.line("<meta property=\"og:image:alt\" content=\"\(e(profile.name))\">")
        if let size = assets.previewSize {
            html.line("<meta property=\"og:image:width\" content=\"\(size.width)\">")
            html.line("<meta property=\"og:image:height\" content=\"\(size.height)\">")
        }
        html.line("<meta name=\"twitter:card\" content=\"\(assets.previewIsWide ? "summary_large_image" : "summary")\">")
        html.line("<meta name=\"twitter:title\" content=\"\(e(title))\">")
        html.line("<meta name=\"twitter:description\" content=\"\(e(description))\">")
        html.line("<meta name=\"twitter:image\" content=\"\(e(image))\">")
        html.line("<link rel=\"stylesheet\" href=\"/theme.css\">")
        html.line("<link rel=\"stylesheet\" href=\"/style.css\">")
        html.line("<script src=\"/app.js\" defer></script>")
        html.line("<script src=\"/analytics.js\" defer></script>")
    }

    private func header(_ html: inout HTMLBuilder) {
        let e = HTMLText.escape
        html.line("<header class=\"profile\">")
        if let photo = assets.photo {
            html.line("<img class=\"photo\" src=\"\(e(photo))\" alt=\"Photo of \(e(profile.name))\" width=\"112\" height=\"112\">")
        } else {
            html.line("<span class=\"avatar\" aria-hidden=\"true\">\(e(Initials.of(profile.name)))</span>")
        }
        html.line("<div class=\"who\">")
        html.line("<h1 id=\"name\">\(e(profile.name))</h1>")
        html.line("<p class=\"headline\">\(e(profile.label))</p>")
        if let place = profile.location?.display { html.line("<p class=\"location\">\(e(place))</p>") }
        let links = contactLinks
        if !links.isEmpty {
            html.line("<ul class=\"links\" aria-label=\"Contact and profiles\">")
            for link in links {
                let rel = link.url.hasPrefix("mailto:") ? "" : " rel=\"me noopener\""
                html.line("<li><a href=\"\(e(link.url))\"\(rel)>\(e(link.label))</a></li>")
            }
            html.line("</ul>")
        }
        html.line("</div>")
        html.line("</header>")
    }

    /// E-mail, website, then the profiles in file order.
    var contactLinks: [(label: String, url: String)] {
        var links: [(String, String)] = []
        if let email = profile.email { links.append(("E-mail", "mailto:" + email)) }
        if let url = profile.url { links.append(("Website", url)) }
        for entry in profile.profiles { links.append((entry.network, entry.url)) }
        return links
    }

    private func about(_ html: inout HTMLBuilder) {
        guard let summary = profile.summary, !summary.paragraphs.isEmpty else { return }
        let e = HTMLText.escape
        html.line("<section class=\"about\" aria-labelledby=\"about-title\">")
        html.line("<h2 id=\"about-title\">About me</h2>")
        for paragraph in summary.paragraphs {
            let inner = paragraph.map { segment -> String in
                switch segment {
                case .text(let text): return e(text)
                case .link(let text, let url): return "<a href=\"\(e(url))\" rel=\"noopener\">\(e(text))</a>"
                }
            }.joined()
            html.line("<p>\(inner)</p>")
        }
        html.line("</section>")
    }

    private func cvSection(_ html: inout HTMLBuilder) {
        let e = HTMLText.escape
        let limit = Self.maximumQueryCharacters
        html.line("<section class=\"get-cv\" aria-labelledby=\"cv-title\">")
        html.line("<h2 id=\"cv-title\">Get the CV for your role</h2>")
        html.line("<p class=\"lead\">Each CV is written for one kind of role. Pick yours, or paste your job ad below.</p>")
        html.line("<ul class=\"positions\">")
        for position in positions {
            let pitch = profile.pitch(for: position.id)
            html.line("<li class=\"position\" id=\"position-\(e(position.id))\">")
            html.line("<h3>\(e(position.title))</h3>")
            if let text = pitch?.pitch { html.line("<p class=\"pitch\">\(e(text))</p>") }
            if let highlights = pitch?.highlights, !highlights.isEmpty {
                html.line("<ul class=\"highlights\">")
                for item in highlights { html.line("<li>\(e(item))</li>") }
                html.line("</ul>")
            }
            html.line("<button type=\"button\" class=\"chip\" data-position=\"\(e(position.title))\">Get this CV<span class=\"visually-hidden\">: \(e(position.title))</span></button>")
            html.line("</li>")
        }
        html.line("</ul>")
        html.line("<form id=\"match-form\" class=\"match-form\" method=\"get\" autocomplete=\"off\" novalidate>")
        html.line("<label for=\"position\">Hiring for something else? Type the job title or paste the whole job ad</label>")
        html.line("<textarea id=\"position\" name=\"position\" rows=\"3\" spellcheck=\"false\" enterkeyhint=\"search\" aria-describedby=\"position-hint\" data-max=\"\(limit)\"></textarea>")
        html.line("<div class=\"form-actions\">")
        html.line("<button id=\"submit\" type=\"submit\">Find my CV</button>")
        html.line("<p id=\"position-hint\" class=\"hint\">Up to \(Self.grouped(limit)) characters. Enter searches; Shift+Enter starts a new line.</p>")
        html.line("</div>")
        html.line("</form>")
        html.line("<div id=\"result\" class=\"result\" aria-live=\"polite\" aria-atomic=\"true\" tabindex=\"-1\"></div>")
        html.line("</section>")
    }

    /// 6000 → "6,000".
    static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}

/// Accumulates the page line by line.
struct HTMLBuilder {
    private(set) var text = ""
    mutating func line(_ line: String) {
        text += line
        text += "\n"
    }
}
