import FoundationEssentials

/// The phrase patterns that point at the role being hired in a longer text, per language, loaded
/// from the positions file's `role_cue_file` (see `config/role-cues.json`). Every entry is plain
/// lower-case text matched on whole words; nothing here depends on an embedding model.
///
/// - `labels`: a field name followed by the title ("job title:", "position:"); strongest cue.
/// - `openers`: words right before the role ("we're hiring", "looking for", "wir suchen", "buscamos").
/// - `suffixes`: words right after the role ("role", "position", "opening": "a Backend Engineer role").
/// - `articles`: skipped at the start of a span ("a", "an", "einen", "un(e)").
/// - `stops`: words that end a span ("to", "for", "at", "für", "pour", "para", "в").
/// - `continuations`: stop-word phrases that still belong to a title ("in test").
/// - `genericTitles`: titles whose discipline a qualifier decides ("software engineer": "…, Android").
/// - `seniority`: words ignored when comparing a head with `genericTitles` ("senior", "staff", "ii").
public struct RoleCues: Codable, Sendable, Equatable {
    public var labels: [String]
    public var openers: [String]
    public var suffixes: [String]
    public var articles: [String]
    public var stops: [String]
    public var continuations: [String]
    public var genericTitles: [String]
    public var seniority: [String]

    enum CodingKeys: String, CodingKey {
        case labels, openers, suffixes, articles, stops, continuations
        case genericTitles = "generic_titles"
        case seniority
    }

    public init(labels: [String] = [], openers: [String] = [], suffixes: [String] = [], articles: [String] = [],
                stops: [String] = [], continuations: [String] = [], genericTitles: [String] = [], seniority: [String] = []) {
        self.labels = labels
        self.openers = openers
        self.suffixes = suffixes
        self.articles = articles
        self.stops = stops
        self.continuations = continuations
        self.genericTitles = genericTitles
        self.seniority = seniority
    }

    /// No cues at all: every text is matched whole.
    public static let none = RoleCues()

    /// At most this many entries per list, each at most `maximumEntryCharacters`.
    public static let maximumEntries = 500
    public static let maximumEntryCharacters = 60

    /// Parses and checks a cue file; entries are normalised like queries (case-folded, spaces collapsed).
    public init(data: [UInt8], path: String) throws {
        if let problem = JSONFileProblem.syntax(data, path: path) { throw ConfigError(problem) }
        let decoded: RoleCues
        do {
            decoded = try JSONDecoder().decode(RoleCues.self, from: Data(data))
        } catch let error as DecodingError {
            throw ConfigError(JSONFileProblem.decoding(error, path: path))
        }
        func clean(_ list: [String], _ name: String) throws -> [String] {
            guard list.count <= Self.maximumEntries else { throw ConfigError("\(path): \(name) has over \(Self.maximumEntries) entries") }
            return try list.map { raw in
                let text = QueryNormaliser.normalise(raw)
                guard !text.isEmpty, text.count <= Self.maximumEntryCharacters else {
                    throw ConfigError("\(path): \(name) entry \"\(raw.prefix(40))\" must be 1-\(Self.maximumEntryCharacters) characters")
                }
                return text
            }
        }
        self.init(labels: try clean(decoded.labels, "labels"), openers: try clean(decoded.openers, "openers"),
                  suffixes: try clean(decoded.suffixes, "suffixes"), articles: try clean(decoded.articles, "articles"),
                  stops: try clean(decoded.stops, "stops"), continuations: try clean(decoded.continuations, "continuations"),
                  genericTitles: try clean(decoded.genericTitles, "generic_titles"), seniority: try clean(decoded.seniority, "seniority"))
    }
}
