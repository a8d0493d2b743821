import CVMatchCore

/// Why a tagged link cannot be built.
public enum LinkError: Error, Equatable, CustomStringConvertible {
    /// The base is not an absolute http(s) URL, or already carries UTM parameters.
    case invalidBase(String, reason: String)
    /// A UTM value the site would drop (empty, too long, or with characters it does not keep).
    case invalidValue(name: String, value: String)

    public var description: String {
        switch self {
        case .invalidBase(let base, let reason):
            return "--base \(base): \(reason)"
        case .invalidValue(let name, let value):
            return "\(name) \"\(value)\" would be dropped by the site: use 1–\(Attribution.maximumBytes) bytes of letters, digits, spaces or - _ . ~ + @ : / !"
        }
    }
}
