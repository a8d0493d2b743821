/// The marketing parameters a visit arrived with: the five `utm_*` values, `ref`, the
/// referring site's host (`referrer`), and Dub's click id (`dub_id`, which Dub appends to a short
/// link's destination when conversion tracking is on).
///
/// Values are trimmed, lowercased and put in Unicode NFC, then must be at most 64 bytes of UTF-8
/// (bytes, not characters: one letter with 2,000 combining marks is one character of 4 KB) made
/// of letters, digits, spaces and `- _ . ~ + @ : / !`; any other value is dropped, as are
/// parameters not listed here. `referrer`
/// is reduced to its normalised host (`ReferrerHost`); the page sends it on match calls (the visit
/// beacon sends it in its JSON body), and the download link carries it on like the UTM values.
/// `dub_id` keeps its case (Dub's ids are case-sensitive): 1–64 ASCII letters, digits, `_` or `-`;
/// it is stored on the event stream only, never in the counters.
public struct Attribution: Sendable, Equatable, Codable {
    public static let parameterNames = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "ref", "referrer", "dub_id"]
    /// The longest value kept, in UTF-8 bytes after NFC.
    public static let maximumBytes = 64

    public var source: String?
    public var medium: String?
    public var campaign: String?
    public var term: String?
    public var content: String?
    public var ref: String?
    /// The normalised referring host; nil for none, and never the site itself.
    public var referrer: String?
    /// Dub's click id (`dub_id`), for reporting a download as a lead of that click.
    public var dubClickID: String?

    public init(source: String? = nil, medium: String? = nil, campaign: String? = nil,
                term: String? = nil, content: String? = nil, ref: String? = nil, referrer: String? = nil,
                dubClickID: String? = nil) {
        self.source = source
        self.medium = medium
        self.campaign = campaign
        self.term = term
        self.content = content
        self.ref = ref
        self.referrer = referrer
        self.dubClickID = dubClickID
    }

    /// Reads the parameters from a raw query string; a `referrer` naming `siteHost` (the request's
    /// own `Host`) is a self-referral and dropped.
    public init(queryString: String, siteHost: String = "") {
        self.init(parameters: QueryString.parse(queryString), siteHost: siteHost)
    }

    /// The same, from parameters already parsed by `QueryString.parse` (a download reads its token from them too).
    public init(parameters: [(name: String, value: String)], siteHost: String = "") {
        self.init()
        for (name, value) in parameters {
            if name == "referrer", referrer == nil {
                setReferrer(value, siteHost: siteHost)
                continue
            }
            if name == "dub_id" {
                if dubClickID == nil { dubClickID = Self.clickID(value) }
                continue
            }
            guard let clean = Self.sanitise(value) else { continue }
            switch name {
            case "utm_source" where source == nil: source = clean
            case "utm_medium" where medium == nil: medium = clean
            case "utm_campaign" where campaign == nil: campaign = clean
            case "utm_term" where term == nil: term = clean
            case "utm_content" where content == nil: content = clean
            case "ref" where ref == nil: ref = clean
            default: continue
            }
        }
    }

    /// Sets `referrer` to the normalised host of `raw` (a URL or a host), unless it names no host or
    /// the site itself (`siteHost`, the request's `Host`).
    public mutating func setReferrer(_ raw: String, siteHost: String) {
        guard let host = ReferrerHost.normalise(raw), !ReferrerHost.isSameSite(host, as: siteHost) else { return }
        referrer = host
    }

    /// The values in `parameterNames` order.
    public var values: [String?] { [source, medium, campaign, term, content, ref, referrer, dubClickID] }

    /// A valid Dub click id, unchanged; nil otherwise.
    public static func clickID(_ raw: String) -> String? {
        guard (1...maximumBytes).contains(raw.utf8.count),
              raw.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x5F || $0 == 0x2D })
        else { return nil }
        return raw
    }

    /// The set parameters as a query string (no leading `?` or `&`).
    public var queryString: String {
        zip(Self.parameterNames, values).compactMap { name, value in
            value.map { "\(name)=\(QueryString.encode($0))" }
        }.joined(separator: "&")
    }

    /// A valid value, normalised; nil when empty or not allowed.
    public static func sanitise(_ raw: String) -> String? {
        // Bound the work first: NFC composes at most 3 UTF-8 bytes into 1, so longer cannot fit.
        guard raw.utf8.count <= maximumBytes * 4 else { return nil }
        return raw.utf8.allSatisfy({ $0 < 0x80 }) ? sanitiseASCII(raw) : sanitiseUnicode(raw)
    }

    /// `sanitise` for any text.
    static func sanitiseUnicode(_ raw: String) -> String? {
        // The standard library's own NFC (what String comparison uses); FoundationEssentials has none.
        let value = String(decoding: raw.trimmingWhitespace().lowercased()._nfcCodeUnits, as: UTF8.self)
        guard !value.isEmpty, value.utf8.count <= maximumBytes else { return nil }
        let allowed: Set<Character> = ["-", "_", ".", "~", "+", "@", ":", "/", "!", " "]
        guard value.allSatisfy({ $0.isLetter || $0.isNumber || allowed.contains($0) }) else { return nil }
        return value
    }

    /// `sanitise` for ASCII text, on bytes: NFC leaves ASCII as it is, and its only letters and
    /// numbers are a–z (once lower-cased) and 0–9 (most UTM tags; a tenth of the instructions).
    static func sanitiseASCII(_ raw: String) -> String? {
        let value = raw.trimmingWhitespace().lowercased()
        guard !value.isEmpty, value.utf8.count <= maximumBytes else { return nil }
        let allowed = Array("-_.~+@:/! ".utf8)
        guard value.utf8.allSatisfy({ byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || allowed.contains(byte)
        }) else { return nil }
        return value
    }
}
