import FoundationEssentials
import CVMatchCore
import CVMatchStore
import CVMatchSystem

/// The owner's profile for the visitor page, read from the site file (`config/site.json`).
///
/// `basics` uses the JSON Resume schema's field names, so a `resume.json`'s `basics` block can be
/// pasted in; `positions` adds, per position id of the positions file, a short pitch and up to five
/// highlights:
/// ```json
/// {"basics": {"name": "…", "label": "…", "image": "photo.jpg", "email": "…", "url": "https://…",
///             "summary": "Paragraph.\n\nParagraph with a [link](https://…).",
///             "location": {"city": "…", "region": "…", "countryCode": "…"},
///             "profiles": [{"network": "LinkedIn", "username": "…", "url": "https://…"}]},
///  "preview_image": "card.png", "favicon": "icon.png",
///  "positions": {"backend": {"pitch": "…", "highlights": ["…"]}}}
/// ```
/// Files (`image`, `preview_image`, `favicon`) are named relative to the site file and copied into
/// the web root; the page links to nothing outside the site except the owner's own links.
public struct SiteProfile: Sendable, Equatable {
    /// Where the owner is (JSON Resume `location`); only city, region and country are shown.
    public struct Location: Sendable, Equatable {
        public var city: String?
        public var region: String?
        public var countryCode: String?

        /// "City, Region, CC", or nil when all are empty.
        public var display: String? {
            let parts = [city, region, countryCode].compactMap { $0 }
            return parts.isEmpty ? nil : parts.joined(separator: ", ")
        }
    }

    /// A contact or profile link (JSON Resume `profiles`): `network` is its label.
    public struct Profile: Sendable, Equatable {
        public var network: String
        public var username: String?
        public var url: String
    }

    /// What the owner wants a recruiter to read about one position.
    public struct Pitch: Sendable, Equatable {
        public var pitch: String?
        public var highlights: [String]
    }

    public static let maximumHighlights = 5
    public static let maximumProfiles = 12
    public static let imageExtensions = ["jpg", "jpeg", "png", "webp"]

    public var name: String
    public var label: String
    public var image: String?
    public var email: String?
    public var url: String?
    public var summary: AboutText?
    public var location: Location?
    public var profiles: [Profile]
    public var previewImage: String?
    public var favicon: String?
    /// Pitches by position id, in file order.
    public var pitches: [(id: String, pitch: Pitch)]

    public static func == (a: SiteProfile, b: SiteProfile) -> Bool {
        a.name == b.name && a.label == b.label && a.image == b.image && a.email == b.email && a.url == b.url
            && a.summary == b.summary && a.location == b.location && a.profiles == b.profiles
            && a.previewImage == b.previewImage && a.favicon == b.favicon
            && a.pitches.map(\.id) == b.pitches.map(\.id) && a.pitches.map(\.pitch) == b.pitches.map(\.pitch)
    }

    /// The pitch for a position id, if the owner wrote one.
    public func pitch(for id: String) -> Pitch? { pitches.first { $0.id == id }?.pitch }

    /// Parses and checks the site file's bytes; `file` is the name used in error messages.
    public init(data: [UInt8], file: String) throws(SiteConfigError) {
        let root: SiteJSONValue
        do {
            root = try JSONDecoder().decode(SiteJSONValue.self, from: Data(data))
        } catch {
            throw SiteConfigError(file: file, field: "", problem: "not valid JSON (\(error))")
        }
        let top = try SiteObjectReader(root, file: file, path: "", allowed: ["$schema", "basics", "preview_image", "favicon", "positions"])
        guard let basicsValue = top.value("basics") else { throw top.error("basics", "is required") }
        // JSON Resume fields this page does not show (phone, address) are accepted so the block can be pasted.
        let basics = try SiteObjectReader(basicsValue, file: file, path: "basics",
                                          allowed: ["name", "label", "image", "email", "phone", "url", "summary", "location", "profiles"])
        name = try basics.string("name", maximum: 100, required: true)!
        label = try basics.string("label", maximum: 160, required: true)!
        image = try Self.file(basics, "image", extensions: Self.imageExtensions)
        email = try basics.string("email", maximum: 254)
        if let email, let problem = EmailAddress.problem(email) { throw basics.error("email", problem) }
        url = try basics.string("url", maximum: SafeLink.maximumLength)
        if let url, let problem = SafeLink.problem(url, allowed: ["http", "https"]) { throw basics.error("url", problem) }
        if let text = try basics.string("summary", maximum: 3000) {
            do {
                summary = try AboutText(text)
            } catch {
                throw basics.error("summary", error.problem)
            }
        } else {
            summary = nil
        }
        if let value = basics.value("location") {
            let reader = try SiteObjectReader(value, file: file, path: "basics.location",
                                              allowed: ["address", "postalCode", "city", "region", "countryCode"])
            let location = Location(city: try reader.string("city", maximum: 100), region: try reader.string("region", maximum: 100),
                                    countryCode: try reader.string("countryCode", maximum: 100))
            self.location = location.display == nil ? nil : location
        } else {
            location = nil
        }
        var profiles: [Profile] = []
        for (index, value) in try basics.list("profiles", maximum: Self.maximumProfiles).enumerated() {
            let reader = try SiteObjectReader(value, file: file, path: "basics.profiles[\(index)]", allowed: ["network", "username", "url"])
            let network = try reader.string("network", maximum: 40, required: true)!
            let link = try reader.string("url", maximum: SafeLink.maximumLength, required: true)!
            if let problem = SafeLink.problem(link) { throw reader.error("url", problem) }
            profiles.append(Profile(network: network, username: try reader.string("username", maximum: 100), url: link))
        }
        self.profiles = profiles
        previewImage = try Self.file(top, "preview_image", extensions: Self.imageExtensions)
        favicon = try Self.file(top, "favicon", extensions: ["png"])
        var pitches: [(String, Pitch)] = []
        for (id, value) in try top.entries("positions") {
            let path = "positions." + id
            guard PositionID.isValid(id) else {
                throw SiteConfigError(file: file, field: path, problem: "a position id is 1-32 of a-z 0-9 _ -")
            }
            let reader = try SiteObjectReader(value, file: file, path: path, allowed: ["pitch", "highlights"])
            var highlights: [String] = []
            for (index, item) in try reader.list("highlights", maximum: Self.maximumHighlights).enumerated() {
                guard case .string(let raw) = item, !raw.trimmingWhitespace().isEmpty, raw.count <= 200 else {
                    throw SiteConfigError(file: file, field: "\(path).highlights[\(index)]", problem: "must be a string of 1-200 characters")
                }
                highlights.append(raw.trimmingWhitespace())
            }
            pitches.append((id, Pitch(pitch: try reader.string("pitch", maximum: 500), highlights: highlights)))
        }
        self.pitches = pitches
    }

    /// Checks that every pitch belongs to a position of the positions file.
    public func checkPitches(positionIDs: [String], file: String, positionsFile: String) throws(SiteConfigError) {
        if let stray = pitches.first(where: { !positionIDs.contains($0.id) }) {
            throw SiteConfigError(file: file, field: "positions." + stray.id,
                                  problem: "no position with this id in \(positionsFile) (ids: \(positionIDs.joined(separator: ", ")))")
        }
    }

    /// A file named relative to the site file: a plain relative path with one of `extensions`, never a URL.
    private static func file(_ reader: SiteObjectReader, _ key: String, extensions: [String]) throws(SiteConfigError) -> String? {
        guard let name = try reader.string(key, maximum: 255) else { return nil }
        if SafeLink.scheme(of: name) != nil {
            throw reader.error(key, "\"\(name.prefix(60))\" is a URL; name a file next to the site file (the page loads nothing from other sites)")
        }
        guard !name.hasPrefix("/"), !name.split(separator: "/").contains(".."),
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-/".contains($0)) }) else {
            throw reader.error(key, "\"\(name.prefix(60))\" must be a relative path of letters, digits, . _ - /")
        }
        guard let ext = name.split(separator: ".").last.map({ $0.lowercased() }), name.contains("."), extensions.contains(ext) else {
            throw reader.error(key, "\"\(name)\" must end in .\(extensions.joined(separator: ", ."))")
        }
        return name
    }
}
