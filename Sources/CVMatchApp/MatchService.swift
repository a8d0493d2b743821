import CVMatchCore
import CVMatchEmbedding
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// The matching path shared by `/api/match` and `cvctl eval`: role spans of a long text, cached
/// embedding, nearest examples (RediSearch KNN or an exact scan), decision, and the writes that
/// belong to the query (the cache fill and, for a visitor's attempt, its events and spend
/// counters), committed in one more round trip. One per thread.
public final class MatchService {
    /// The outcome of one query.
    public struct Result {
        public var decision: MatchDecision
        /// The matched position, when there is one.
        public var position: PositionInfo?
        /// Every position on offer (for the sentence of a refusal).
        public var positions: [PositionInfo]
        public var neighbours: [Neighbour]
        /// The text that was embedded: the chosen span or the query, qualifier rule applied and
        /// typos corrected.
        public var embeddedText: String
        /// True when the query vector came from the cache (no embedding call).
        public var embeddingCached: Bool
        /// Time spent in process on span extraction, the nearest-example scan and the decision.
        public var decisionNanoseconds: UInt64
    }

    /// A visitor's attempt to record with the query's other writes.
    public struct Attempt: Sendable {
        public var attribution: Attribution
        /// Random and unique per request: recorded with the events, and a replay of it is a no-op.
        public var requestID: String
        public var now: Int

        public init(attribution: Attribution, requestID: String, now: Int) {
            self.attribution = attribution
            self.requestID = requestID
            self.now = now
        }
    }

    /// How long a cached query embedding lives.
    public static let cacheSeconds = 30 * 86_400

    let redis: RedisConnection
    let embedder: EmbeddingClient
    private let searchMode: SearchMode
    private let steps: MatchingSteps
    private let recorder: EventRecorder?
    /// Charges uncached queries to the embedding budget (nil: unmetered, as for `cvctl eval`).
    let meter: EmbeddingMeter?
    private(set) var matcher: MatcherModel?
    private(set) var decider: Decider?
    private(set) var corrector: SpellingCorrector?
    private var extractor = RoleSpanExtractor(cues: .none)
    private var qualifier = TitleQualifier(cues: .none)

    /// - Parameters:
    ///   - recorder: records attempts; nil for a service that never records (`cvctl eval`).
    ///   - meter: charges uncached queries to the embedding budget; nil: unmetered.
    ///   - steps: which matching steps run (`cvctl eval --without` switches some off).
    public init(redis: RedisConnection, embedder: EmbeddingClient, searchMode: SearchMode, recorder: EventRecorder?,
                meter: EmbeddingMeter? = nil, steps: MatchingSteps = .all) {
        self.redis = redis
        self.embedder = embedder
        self.searchMode = searchMode
        self.recorder = recorder
        self.meter = meter
        self.steps = steps
    }

    /// Matches the visitor's text as validated (line breaks still in it) and commits its writes;
    /// `attempt` is the visitor's request to record (nil: record nothing but the cache fill). The
    /// recorded query is the normalised text (`QueryNormaliser`). A spent embedding budget records
    /// the attempt as `busy` and throws `BusyRefusal`.
    public func match(text: String, recording attempt: Attempt? = nil) throws -> Result {
        let query = QueryNormaliser.normalise(text)
        var pending: [RedisConnection.Command] = []
        let now = attempt?.now ?? SystemClock.now()
        let result: Result
        do {
            result = try decide(rawText: text, normalisedText: query, now: now, pending: &pending)
        } catch let spent as BudgetSpent {
            if let attempt, let recorder {
                try commit([], recording: recorder.attempt(
                    query: query, score: 0, outcome: .busy, position: nil, nearest: nil, attribution: attempt.attribution,
                    requestID: attempt.requestID, deadline: try redis.replyDeadline(), now: attempt.now))
            }
            throw BusyRefusal(spent: spent, positions: matcher?.positions ?? [])
        }
        var attemptWrite: (command: RedisConnection.Command, script: RedisScript)?
        if let attempt, let recorder {
            let decision = result.decision
            attemptWrite = recorder.attempt(query: query, score: decision.score, outcome: decision.reason,
                                            position: result.position?.id, nearest: decision.bestPositionID,
                                            attribution: attempt.attribution, requestID: attempt.requestID,
                                            deadline: try redis.replyDeadline(), now: attempt.now)
            if result.embeddingCached { pending.append(EmbeddingSpendRecorder.cacheHit(now: now)) }
        }
        try commit(pending, recording: attemptWrite)
        return result
    }

    /// `redisearch` or `exact`: where the loaded matcher finds nearest examples.
    public var searchDescription: String { usesKNN ? "redisearch" : "exact" }

    /// Sends the query's writes and the attempt's script (`AttemptScript`, a no-op when it runs
    /// after the request's deadline) in one pipeline.
    private func commit(_ commands: [RedisConnection.Command],
                        recording attempt: (command: RedisConnection.Command, script: RedisScript)?) throws {
        var commands = commands
        var scripts = [RedisScript?](repeating: nil, count: commands.count)
        if let attempt {
            commands.append(attempt.command)
            scripts.append(attempt.script)
        }
        guard !commands.isEmpty else { return }
        for (reply, script) in zip(try redis.pipeline(commands, scripts: scripts), scripts) {
            if case .error(let message) = reply { throw RedisError.command(message) }
            if script != nil { try AttemptScript.check(reply) }
        }
    }

    /// A text naming the role in spans (`RoleSpanExtractor`) is decided on them, embedded together
    /// in one request (`MatchService+Spans`); any other text as one query (its beginning, when long).
    private func decide(rawText: String, normalisedText: String, now: Int,
                        pending: inout [RedisConnection.Command]) throws -> Result {
        if matcher == nil { try reload() }
        let started = SystemClock.monotonicNanoseconds()
        let spans = steps.roleSpans ? extractor.spans(in: rawText) : []
        let planning = SystemClock.monotonicNanoseconds() - started
        guard let whole = spans.first, whole.source == .wholeText else {
            return spans.isEmpty ? try decide(query: normalisedText, now: now, pending: &pending)
                : try decide(spans: spans, rawText: rawText, normalisedText: normalisedText, now: now,
                             planningNanoseconds: planning, pending: &pending)
        }
        // The whole text is checked before only its beginning is embedded.
        if whole.text != normalisedText, matcher?.parameters.lexicalCheck == true,
           LexicalCheck.evaluate(normalisedText) != .ok {
            return try decide(query: normalisedText, now: now, pending: &pending)
        }
        return try decide(query: whole.text, now: now, pending: &pending)
    }

    /// The text that is embedded for a title-like query or span: the qualifier rule, then typos
    /// fixed against the examples' words.
    func embeddingText(_ text: String) -> String {
        let titled = steps.qualifiers ? qualifier.rewrite(text) : text
        return corrector?.correct(titled) ?? titled
    }

    /// Decides normalised text as one query.
    private func decide(query text: String, now: Int, pending: inout [RedisConnection.Command]) throws -> Result {
        let settings = embedder.settings
        var embedText = embeddingText(text)
        var cacheKey = RedisKeys.embedding(model: settings.model, prefix: settings.queryPrefix, text: embedText)
        var lookup = try lookUp(cacheKey: cacheKey, storing: nil)
        if lookup.version != matcher?.version {
            try reload()
            embedText = embeddingText(text)
            cacheKey = RedisKeys.embedding(model: settings.model, prefix: settings.queryPrefix, text: embedText)
            lookup = try lookUp(cacheKey: cacheKey, storing: nil)
        }
        guard let matcher, let decider else { throw MatchServiceError.notPopulated }

        let cached = lookup.vector != nil
        var vector = lookup.vector
        if let refusal = refusalOnWords(text, embeddedText: embedText, matcher: matcher, decider: decider) {
            return refusal
        }
        if vector == nil {
            let fresh = try embed([embedText], examples: matcher.examples, now: now, pending: &pending)[0]
            vector = fresh
            if usesKNN {
                lookup = try lookUp(cacheKey: cacheKey, storing: fresh)
            } else {
                pending.append(MatchLookupScript.cacheFill(key: cacheKey, vector: fresh, cacheSeconds: Self.cacheSeconds))
            }
        }
        guard let vector, vector.count == matcher.dimension else {
            throw EmbeddingError.badResponse("vector dimension differs from the populated \(matcher.dimension)")
        }
        let started = SystemClock.monotonicNanoseconds()
        let neighbours = lookup.neighbours
            ?? ExactSearch.nearest(to: vector, in: matcher.examples, k: matcher.parameters.k)
        // The words passed the lexical check above: only the vector part is left to decide.
        let decision = decider.decide(neighbours: neighbours)
        return Result(decision: decision, position: decision.positionID.flatMap(matcher.position),
                      positions: matcher.positions, neighbours: neighbours, embeddedText: embedText,
                      embeddingCached: cached, decisionNanoseconds: SystemClock.monotonicNanoseconds() - started)
    }

    /// The decision on `text`'s words alone when the lexical check refuses it (no vector, so no
    /// embedding call); nil when the words pass or the check is off.
    func refusalOnWords(_ text: String, embeddedText: String, matcher: MatcherModel, decider: Decider,
                        planningNanoseconds: UInt64 = 0) -> Result? {
        guard matcher.parameters.lexicalCheck, LexicalCheck.evaluate(text) != .ok else { return nil }
        let started = SystemClock.monotonicNanoseconds()
        let decision = decider.decide(normalisedText: text, neighbours: [])
        return Result(decision: decision, position: nil, positions: matcher.positions, neighbours: [],
                      embeddedText: embeddedText, embeddingCached: false,
                      decisionNanoseconds: planningNanoseconds + SystemClock.monotonicNanoseconds() - started)
    }

    /// One embedding request for `texts`, through the budget meter when there is one (its spend
    /// counters join `pending`).
    func embed(_ texts: [String], examples: [LabelledVector], now: Int,
               pending: inout [RedisConnection.Command]) throws -> [[Float]] {
        guard let meter else { return try embedder.embed(texts, as: .query) }
        let metered = try meter.vectors(for: texts, examples: examples, embedder: embedder, now: now)
        pending += metered.writes
        return metered.vectors
    }

    var usesKNN: Bool {
        searchMode != .exact && matcher?.hasVectorIndex == true
    }

    /// The lookup round trip; `search: false` only reads (or stores) the cached vector.
    func lookUp(cacheKey: String, storing: [Float]?, search: Bool = true) throws -> MatchLookupScript.Lookup {
        try MatchLookupScript.run(on: redis, cacheKey: cacheKey,
                                  knnVersion: search && usesKNN ? matcher?.version : nil,
                                  k: matcher?.parameters.k ?? 1, storing: storing, cacheSeconds: Self.cacheSeconds)
    }

    func reload() throws {
        guard let loaded = try MatcherStore(redis: redis).load() else {
            matcher = nil
            decider = nil
            throw MatchServiceError.notPopulated
        }
        let settings = embedder.settings
        guard loaded.model == settings.model else {
            throw MatchServiceError.modelMismatch(stored: loaded.model, configured: settings.model)
        }
        let storedPrefixes = (query: loaded.queryPrefix ?? loaded.prefix, document: loaded.prefix)
        guard storedPrefixes == (settings.queryPrefix, settings.documentPrefix) else {
            throw MatchServiceError.prefixMismatch(
                stored: "query \"\(storedPrefixes.query)\", document \"\(storedPrefixes.document)\"",
                configured: "query \"\(settings.queryPrefix)\", document \"\(settings.documentPrefix)\"")
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
