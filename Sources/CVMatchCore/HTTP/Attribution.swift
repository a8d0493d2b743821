/// The marketing parameters a visit arrived with: the five `utm_*` values and `ref`.
///
/// Values are trimmed and lowercased, at most 64 characters of letters, digits, spaces and
/// `- _ . ~ + @ : / !`; any other value is dropped, as are parameters not listed here.
public struct Attribution: Sendable, Equatable, Codable {
    public static let parameterNames = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "ref"]
    public static let maximumLength = 64

    public var source: String?
    public var medium: String?
    public var campaign: String?
    public var term: String?
    public var content: String?
    public var ref: String?

    public init(source: String? = nil, medium: String? = nil, campaign: String? = nil,
                term: String? = nil, content: String? = nil, ref: String? = nil) {
        self.source = source
        self.medium = medium
        self.campaign = campaign
        self.term = term
        self.content = content
        self.ref = ref
    }

    /// Reads the parameters from a raw query string.
    public init(queryString: String) {
        self.init()
        for (name, value) in QueryString.parse(queryString) {
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

    /// The values in `parameterNames` order.
    public var values: [String?] { [source, medium, campaign, term, content, ref] }

    /// The set parameters as a query string (no leading `?` or `&`).
    public var queryString: String {
        zip(Self.parameterNames, values).compactMap { name, value in
            value.map { "\(name)=\(QueryString.encode($0))" }
        }.joined(separator: "&")
    }

    /// A valid value, normalised; nil when empty or not allowed.
    public static func sanitise(_ raw: String) -> String? {
        let value = raw.trimmingWhitespace().lowercased()
        guard !value.isEmpty, value.count <= maximumLength else { return nil }
        let allowed: Set<Character> = ["-", "_", ".", "~", "+", "@", ":", "/", "!", " "]
        guard value.allSatisfy({ $0.isLetter || $0.isNumber || allowed.contains($0) }) else { return nil }
        return value
    }
}
