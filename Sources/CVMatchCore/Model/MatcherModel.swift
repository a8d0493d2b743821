import FoundationEssentials

/// Everything a match decision needs, fitted by `cvctl populate` and stored as one JSON value.
public struct MatcherModel: Sendable, Codable {
    /// Random id of this populate run; also names its Redis example keys and index.
    public var version: String
    /// The embedding model and prefixes the vectors came from; matching refuses another model or prefix.
    public var model: String
    /// The document prefix the stored examples were embedded with.
    public var prefix: String
    /// The query prefix the parameters were fitted for; nil (data of older versions): `prefix`.
    public var queryPrefix: String?
    public var dimension: Int
    public var positions: [PositionInfo]
    public var examples: [LabelledVector]
    public var parameters: DecisionParameters
    /// Whether a RediSearch index was built for this version.
    public var hasVectorIndex: Bool
    /// The positions file's role cues (nil: texts are matched whole).
    public var roleCues: RoleCues?
    /// Dictionary words the spelling corrector must leave alone (`DictionaryGuard`).
    public var protectedWords: [String]?

    public init(version: String, model: String, prefix: String, queryPrefix: String? = nil, dimension: Int, positions: [PositionInfo],
                examples: [LabelledVector], parameters: DecisionParameters, hasVectorIndex: Bool,
                roleCues: RoleCues? = nil, protectedWords: [String]? = nil) {
        self.version = version
        self.model = model
        self.prefix = prefix
        self.queryPrefix = queryPrefix
        self.dimension = dimension
        self.positions = positions
        self.examples = examples
        self.parameters = parameters
        self.hasVectorIndex = hasVectorIndex
        self.roleCues = roleCues
        self.protectedWords = protectedWords
    }

    public func position(_ id: String) -> PositionInfo? {
        positions.first { $0.id == id }
    }
}
