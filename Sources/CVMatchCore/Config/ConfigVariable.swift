/// One configuration variable, declared once: its name, default, allowed values and meaning.
///
/// Programs read it through `EnvironmentReader`; `cvctl config` lists every one and writes env files
/// (`ConfigDocuments`), and a test checks the README's table and `deploy/cvmatch.env.example`
/// against `ConfigCatalog.all`.
public struct ConfigVariable: Sendable, Hashable {
    /// What values the variable takes; `EnvironmentReader` checks them.
    public enum Kind: Sendable, Hashable {
        case text
        case integer(ClosedRange<Int>)
        case choice([String])
        /// A secret (an API key): never printed, never written into generated files.
        case secret
    }

    public let name: String
    public let kind: Kind
    /// The value used when the variable is unset or empty; nil when there is none.
    public let defaultValue: String?
    /// How the default reads in the documentation when it is not a plain value ("(required)", "—").
    public let documentedDefault: String?
    /// One sentence (Markdown) for the README table and `cvctl config`.
    public let meaning: String
    /// Which programs read it.
    public let readers: Set<Reader>
    /// The value `deploy/cvmatch.env.example` suggests for production; nil: the default.
    public let example: String?
    /// Extra guidance for the env file (how to make the file it names, an alternative value…).
    public let note: String?

    /// The programs that read configuration.
    public enum Reader: String, Sendable, Hashable, CaseIterable {
        case matchFCGI = "match-fcgi"
        case downloadFCGI = "download-fcgi"
        case cvctl
        case scripts = "scripts (stack.sh, analytics.sh)"
    }

    public init(_ name: String, _ kind: Kind = .text, default defaultValue: String? = nil,
                documentedDefault: String? = nil, readers: Set<Reader>, example: String? = nil, note: String? = nil,
                meaning: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.documentedDefault = documentedDefault
        self.meaning = meaning
        self.readers = readers
        self.example = example
        self.note = note
    }

    /// Whether env files may hold its value (never a secret, the per-process socket, or the env
    /// file's own path).
    public var belongsInEnvFile: Bool {
        kind != .secret && self != ConfigCatalog.socket && self != ConfigCatalog.envFile
    }

    /// The default as the README shows it.
    public var defaultText: String {
        if let documentedDefault { return documentedDefault }
        if let defaultValue { return defaultValue.isEmpty ? "(empty)" : "`\(defaultValue)`" }
        return "—"
    }
}
