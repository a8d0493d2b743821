import CVMatchCore

/// A link to the site carrying UTM parameters, e.g.
/// `https://cv.example/?utm_source=linkedin&utm_medium=social&utm_campaign=apply-directly`.
///
/// Values are normalised the way the site stores them (`Attribution.sanitise`: trimmed,
/// lowercased), so the registry holds exactly what reports will see, and percent-encoded as
/// UTF-8 (a space is `%20`, `é` is `%C3%A9`).
public struct TaggedLink: Sendable, Equatable {
    public let attribution: Attribution
    /// The full tagged URL.
    public let url: String

    public init(base: String, source: String, medium: String, campaign: String,
                term: String? = nil, content: String? = nil) throws(LinkError) {
        func clean(_ name: String, _ value: String?) throws(LinkError) -> String? {
            guard let value else { return nil }
            guard let clean = Attribution.sanitise(value) else { throw .invalidValue(name: name, value: value) }
            return clean
        }
        attribution = Attribution(source: try clean("utm_source", source), medium: try clean("utm_medium", medium),
                                  campaign: try clean("utm_campaign", campaign), term: try clean("utm_term", term),
                                  content: try clean("utm_content", content))
        url = try Self.append(attribution.queryString, to: base)
    }

    /// Adds `query` to `base`'s query string (after any it has), keeping a fragment last.
    private static func append(_ query: String, to base: String) throws(LinkError) -> String {
        let lower = base.lowercased()
        guard let schemeLength = ["https://", "http://"].first(where: { lower.hasPrefix($0) })?.count else {
            throw .invalidBase(base, reason: "must start with https:// or http://")
        }
        guard !base.contains(where: { $0.isWhitespace }) else {
            throw .invalidBase(base, reason: "must not contain spaces (percent-encode them as %20)")
        }
        var path = Substring(base)
        var fragment: Substring = ""
        if let hash = path.firstIndex(of: "#") {
            fragment = path[hash...]
            path = path[..<hash]
        }
        var existing: Substring = ""
        if let mark = path.firstIndex(of: "?") {
            existing = path[path.index(after: mark)...]
            path = path[..<mark]
        }
        let authority = path.dropFirst(schemeLength)
        guard let first = authority.first, first != "/" else { throw .invalidBase(base, reason: "has no host") }
        guard !QueryString.parse(String(existing)).contains(where: { $0.name.hasPrefix("utm_") }) else {
            throw .invalidBase(base, reason: "already has utm_ parameters; give the page's URL without them")
        }
        let slash = authority.contains("/") ? "" : "/"
        while existing.hasSuffix("&") { existing = existing.dropLast() }
        return path + slash + "?" + (existing.isEmpty ? "" : existing + "&") + query + fragment
    }
}

extension RegisteredLink {
    /// The record of a freshly built link.
    public init(_ link: TaggedLink, created: String) {
        let a = link.attribution
        self.init(url: link.url, source: a.source ?? "", medium: a.medium ?? "", campaign: a.campaign ?? "",
                  term: a.term, content: a.content, created: created)
    }
}
