/// The optional steps of the matching path, all on by default. Switching one off (`cvctl eval
/// --without …`) measures what it contributes; the site always runs with every step.
public struct MatchingSteps: Sendable, Equatable {
    /// Find the role being hired in a longer text (``RoleSpanExtractor``, ``RoleSpanChooser``).
    public var roleSpans = true
    /// Let a qualifier decide only after a generic title (``TitleQualifier``).
    public var qualifiers = true
    /// Never "correct" a word of an installed dictionary (``DictionaryGuard``).
    public var dictionaryGuard = true

    public static let all = MatchingSteps()
    /// The names `--without` accepts.
    public static let names = ["spans", "qualifier", "dictionary"]

    public init() {}

    /// Every step except the named ones; an unknown name is a `ConfigError`.
    public init(without names: [String]) throws {
        for name in names {
            switch name {
            case "spans": roleSpans = false
            case "qualifier": qualifiers = false
            case "dictionary": dictionaryGuard = false
            default: throw ConfigError("unknown matching step \"\(name)\" (known: \(Self.names.joined(separator: ", ")))")
            }
        }
    }
}
