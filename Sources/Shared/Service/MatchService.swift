/// Why a match could not be computed; the visitor sees a 503 for each.
public enum MatchServiceError: Error, CustomStringConvertible {
    case notPopulated
    case modelMismatch(stored: String, configured: String)
    case noVectorIndex

    public var description: String {
        switch self {
        case .notPopulated: return "no positions in Redis: run `cvctl populate`"
        case .modelMismatch(let stored, let configured):
            return "positions were embedded with \(stored) but CVMATCH_EMBED_MODEL is \(configured): run `cvctl populate`"
        case .noVectorIndex: return "CVMATCH_SEARCH=redisearch but the populated data has no vector index"
        }
    }
}

/// The matching path shared by `/api/match` and `cvctl eval`: cached embedding, nearest examples
/// (RediSearch KNN or an exact scan), decision. One per thread.
public final class MatchService {
    /// The outcome of one query.
    public struct Result {
        public var decision: MatchDecision
        /// The matched position, when there is one.
        public var position: PositionInfo?
        public var neighbours: [Neighbour]
        /// The text that was embedded: the query with typos corrected (`SpellingCorrector`).
        public var embeddedText: String
        /// True when the query vector came from the cache (no embedding call).
        public var embeddingCached: Bool
        /// Writes that belong to this query (the cache fill): pipeline them with the event writes.
        public var pendingCommands: [RedisConnection.Command]
        /// Time spent in process on the nearest-example scan (exact mode) and the decision.
        public var decisionNanoseconds: UInt64
    }

    /// How long a cached query embedding lives.
    public static let cacheSeconds = 30 * 86_400

    let redis: RedisConnection
    let embedder: EmbeddingClient
    private let searchMode: SearchMode
    private let steps: MatchingSteps
    private(set) var matcher: MatcherModel?
    private(set) var decider: Decider?
    private(set) var corrector: SpellingCorrector?
    private var extractor = RoleSpanExtractor(cues: .none)
    private var qualifier = TitleQualifier(cues: .none)

    public init(redis: RedisConnection, embedder: EmbeddingClient, searchMode: SearchMode, steps: MatchingSteps = .all) {
        self.redis = redis
        self.embedder = embedder
        self.searchMode = searchMode
        self.steps = steps
    }

    /// The loaded matcher (after at least one `match`).
    public var currentMatcher: MatcherModel? { matcher }

    /// Matches the visitor's text as validated (line breaks still in it): a text naming the role
    /// in spans (`RoleSpanExtractor`) is decided on them, embedded together in one request
    /// (`MatchService+Spans`); any other text as one query (its beginning, when long).
    public func match(text: String) throws -> Result {
        if matcher == nil { try reload() }
        let normalised = QueryNormaliser.normalise(text)
        let started = Clock.monotonicNanoseconds()
        let spans = steps.roleSpans ? extractor.spans(in: text) : []
        let planning = Clock.monotonicNanoseconds() - started
        guard let whole = spans.first, whole.source == .wholeText else {
            return spans.isEmpty ? try match(normalisedText: normalised)
                : try match(spans: spans, rawText: text, normalisedText: normalised, planningNanoseconds: planning)
        }
        // The whole text is checked before only its beginning is embedded.
        if whole.text != normalised, matcher?.parameters.lexicalCheck == true, LexicalCheck.evaluate(normalised) != .ok {
            return try match(normalisedText: normalised)
        }
        return try match(normalisedText: whole.text)
    }

    /// The text that is embedded for a title-like query or span: the qualifier rule, then typos
    /// fixed against the examples' words.
    func embeddingText(_ text: String) -> String {
        let titled = steps.qualifiers ? qualifier.rewrite(text) : text
        return corrector?.correct(titled) ?? titled
    }

    /// Matches normalised text (see `QueryNormaliser`) as one query.
    public func match(normalisedText text: String) throws -> Result {
        let settings = embedder.settings
        // What is embedded (and cached): the text with typos fixed against the examples' words.
        var embedText = embeddingText(text)
        var cacheKey = RedisKeys.embedding(model: settings.model, prefix: settings.prefix, text: embedText)
        var lookup = try lookUp(cacheKey: cacheKey, store: nil)
        if lookup.version != matcher?.version {
            try reload()
            embedText = embeddingText(text)
            cacheKey = RedisKeys.embedding(model: settings.model, prefix: settings.prefix, text: embedText)
            lookup = try lookUp(cacheKey: cacheKey, store: nil)
        }
        guard let matcher, let decider else { throw MatchServiceError.notPopulated }

        var pending: [RedisConnection.Command] = []
        let cached = lookup.vector != nil
        var vector = lookup.vector
        if matcher.parameters.lexicalCheck, LexicalCheck.evaluate(text) != .ok {
            // Refused on its words alone: the decision needs no vector, so no embedding call.
            let started = Clock.monotonicNanoseconds()
            let decision = decider.decide(normalisedText: text, neighbours: [])
            return Result(decision: decision, position: nil, neighbours: [], embeddedText: embedText,
                          embeddingCached: false, pendingCommands: [],
                          decisionNanoseconds: Clock.monotonicNanoseconds() - started)
        }
        if vector == nil {
            let fresh = try embedder.embed([embedText])[0]
            vector = fresh
            if usesKNN {
                lookup = try lookUp(cacheKey: cacheKey, store: fresh)
            } else {
                pending.append(["SET", cacheKey].map { Array($0.utf8) } + [Vector.blob(fresh)]
                    + ["EX", String(Self.cacheSeconds)].map { Array($0.utf8) })
            }
        }
        guard let vector, vector.count == matcher.dimension else {
            throw EmbeddingError.badResponse("vector dimension differs from the populated \(matcher.dimension)")
        }
        let started = Clock.monotonicNanoseconds()
        let neighbours = lookup.neighbours
            ?? ExactSearch.nearest(to: vector, in: matcher.examples, k: matcher.parameters.k)
        // The words passed the lexical check above: only the vector part is left to decide.
        let decision = decider.decide(neighbours: neighbours)
        return Result(decision: decision, position: decision.positionID.flatMap(matcher.position),
                      neighbours: neighbours, embeddedText: embedText, embeddingCached: cached, pendingCommands: pending,
                      decisionNanoseconds: Clock.monotonicNanoseconds() - started)
    }

    /// `redisearch` or `exact`: where the loaded matcher finds nearest examples.
    public var searchDescription: String { usesKNN ? "redisearch" : "exact" }

    var usesKNN: Bool {
        searchMode != .exact && matcher?.hasVectorIndex == true
    }

    struct Lookup {
        var version: String?
        var vector: [Float]?
        var neighbours: [Neighbour]?
    }

    func lookUp(cacheKey: String, store: [Float]?, search: Bool = true) throws -> Lookup {
        let knn = search && usesKNN
        let arguments: [[UInt8]] = [
            Array((knn ? "knn" : "exact").utf8),
            Array(RedisKeys.exampleIndex(version: matcher?.version ?? "none").utf8),
            Array(String(matcher?.parameters.k ?? 1).utf8),
            store.map(Vector.blob) ?? [],
            Array(String(Self.cacheSeconds).utf8),
        ]
        let reply: RedisReply
        do {
            reply = try redis.run(MatchLookupScript.script, keys: [cacheKey, RedisKeys.matcherVersion], arguments: arguments)
        } catch RedisError.command(let message) where message.lowercased().contains("index") {
            // The index was replaced by a newer populate between our version check and the search.
            return Lookup(version: "stale-index", vector: nil, neighbours: nil)
        }
        guard let parts = reply.array, parts.count == 3 else {
            throw RedisError.unexpectedReply("match lookup script")
        }
        let vector = parts[1].bytes.flatMap(Vector.fromBlob)
        let neighbours = knn && vector != nil ? try MatchLookupScript.neighbours(from: parts[2]) : nil
        return Lookup(version: parts[0].text, vector: vector, neighbours: neighbours)
    }

    func reload() throws {
        guard let loaded = try MatcherModel.load(from: redis) else {
            matcher = nil
            decider = nil
            throw MatchServiceError.notPopulated
        }
        guard loaded.model == embedder.settings.model, loaded.prefix == embedder.settings.prefix else {
            throw MatchServiceError.modelMismatch(stored: loaded.model, configured: embedder.settings.model)
        }
        if searchMode == .redisearch && !loaded.hasVectorIndex { throw MatchServiceError.noVectorIndex }
        matcher = loaded
        decider = Decider(parameters: loaded.parameters)
        let cues = loaded.roleCues ?? .none
        extractor = RoleSpanExtractor(cues: cues)
        qualifier = TitleQualifier(cues: cues)
        corrector = SpellingCorrector(vocabulary: loaded.examples.map(\.text),
                                      protectedWords: steps.dictionaryGuard ? Set(loaded.protectedWords ?? []) : [])
        Log.info("matcher \(loaded.version) loaded: \(loaded.positions.count) positions, \(loaded.examples.count) examples, search \(searchDescription)")
    }
}
