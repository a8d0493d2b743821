import CVMatchCore
import CVMatchCrypto

/// What `cvctl link new --shorten` asks of Dub besides the destination: slug, domain, expiry, tags,
/// the `externalId` that makes a second run update the same Dub link instead of making another, and
/// conversion tracking (on with `DUB_TRACK_LEADS=1`, so downloads can be reported as leads).
public struct DubLinkOptions: Sendable, Equatable {
    public var key: String?
    public var domain: String?
    /// ISO 8601 (`2027-01-31` or `2027-01-31T12:00:00Z`).
    public var expires: String?
    public var tags: [String]
    public var externalID: String
    /// Dub's conversion tracking: Dub then appends `dub_id=<click id>` to the destination.
    public var trackConversion: Bool

    public init(key: String? = nil, domain: String? = nil, expires: String? = nil, tags: [String] = [],
                externalID: String, trackConversion: Bool = false) {
        self.key = key
        self.domain = domain
        self.expires = expires
        self.tags = tags
        self.externalID = externalID
        self.trackConversion = trackConversion
    }

    /// `cvm_<campaign slug>_<8 hex of the five UTM values>`: readable in Dub's dashboard, the same for
    /// the same registered link on every run, different for links that differ only in term or content.
    public static func externalID(for link: RegisteredLink) -> String {
        var slug = ""
        for scalar in link.campaign.unicodeScalars {
            let c = Character(scalar)
            if c.isASCII && (c.isLetter || c.isNumber) { slug.append(c) } else if !slug.hasSuffix("-") { slug.append("-") }
            if slug.count >= 40 { break }
        }
        slug = String(slug.drop(while: { $0 == "-" }).reversed().drop(while: { $0 == "-" }).reversed())
        let hash = Digest.sha256Hex(Array(CampaignField.encode(link).utf8)).prefix(8)
        return "cvm_" + (slug.isEmpty ? "" : slug + "_") + hash
    }

    /// An expiry the way Dub takes it: a day becomes its end (`T23:59:59Z`); nil when not ISO 8601.
    public static func normalisedExpiry(_ raw: String) -> String? {
        let digits: (Substring) -> Bool = { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
        let parts = raw.split(separator: "T", maxSplits: 1)
        let date = parts.first?.split(separator: "-", omittingEmptySubsequences: false) ?? []
        guard date.count == 3, date[0].count == 4, date[1].count == 2, date[2].count == 2, date.allSatisfy(digits),
              let month = Int(date[1]), let day = Int(date[2]), (1...12).contains(month), (1...31).contains(day) else {
            return nil
        }
        guard parts.count == 2 else { return raw + "T23:59:59Z" }
        let time = parts[1].hasSuffix("Z") ? parts[1].dropLast() : parts[1]
        let clock = time.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(clock.count), clock.allSatisfy({ $0.count == 2 && digits($0) }) else { return nil }
        return String(parts[0]) + "T" + clock.joined(separator: ":") + (clock.count == 2 ? ":00" : "") + "Z"
    }
}
