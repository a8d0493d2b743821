import CVMatchCore
import CVMatchEmbedding
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// The matching path shared by `/api/match` and `cvctl eval`: role spans of a long text, cached
/// embedding, nearest examples (RediSearch KNN or an exact scan), decision, and the writes that
/// belong to the query (the cache fill and, for a visitor's attempt, its events and spend
/// counters), committed in one more round trip. One per thread; the matcher it decides with is the
/// process's `SharedMatcher`. With `cachesDecisions` (the site) a query decided before under the
/// same matcher version costs one script call (`MatchService+Decisions`).
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
        /// True when the decision came from the decision cache (`MatchService+Decisions`): then
        /// `neighbours` and `embeddedText` are empty.
        public var decisionCached = false
    }

    /// A visitor's attempt to record with the query's other writes.
    public struct Attempt: Sendable {
        public var attribution: Attribution
        /// Random and unique per request: recorded with the events, and a replay of it is a no-op.
        public var requestID: String
        public var now: Int
        /// The id and lifetime of the download token a match will get (its query is kept for the download).
        public var token: (id: String, lifetime: Int)?

        public init(attribution: Attribution, requestID: String, now: Int, token: (id: String, lifetime: Int)? = nil) {
            self.attribution = attribution
            self.requestID = requestID
            self.now = now
            self.token = token
        }
    }

    /// How long a cached query embedding lives.
    public static let cacheSeconds = 30 * 86_400

    let redis: RedisConnection
    let embedder: EmbeddingClient
    private let searchMode: SearchMode
    private let steps: MatchingSteps
    let recorder: EventRecorder?
    /// Charges uncached queries to the embedding budget (nil: unmetered, as for `cvctl eval`).
    let meter: EmbeddingMeter?
    /// The process's matcher, shared by its threads.
    let shared: SharedMatcher
    /// Whether visitors' decisions are stored and reused (`RedisKeys.decision`).
    let cachesDecisions: Bool
    /// The matcher this request decides with (taken from `shared` when a request starts).
    private(set) var loaded: LoadedMatcher?
    var matcher: MatcherModel? { loaded?.model }
    var decider: Decider? { loaded?.decider }

    /// - Parameters:
    ///   - recorder: records attempts; nil for a service that never records (`cvctl eval`).
    ///   - meter: charges uncached queries to the embedding budget; nil: unmetered.
    ///   - steps: which matching steps run (`cvctl eval --without` switches some off).
    ///   - shared: the process's matcher (nil: this service loads its own).
    ///   - cachesDecisions: store each decision and answer a repeated query from it (needs `recorder`
    ///     and every step: a decision is stored only for the site's own matching path).
    public init(redis: RedisConnection, embedder: EmbeddingClient, searchMode: SearchMode, recorder: EventRecorder?,
                meter: EmbeddingMeter? = nil, steps: MatchingSteps = .all, shared: SharedMatcher? = nil,
                cachesDecisions: Bool = false) {
        self.redis = redis
        self.embedder = embedder
        self.searchMode = searchMode
        self.recorder = recorder
        self.meter = meter
        self.steps = steps
        self.shared = shared ?? SharedMatcher()
        self.cachesDecisions = cachesDecisions && recorder != nil && steps == .all
    }

    /// Matches the visitor's text as validated (line breaks still in it) and commits its writes;
    /// `attempt` is the visitor's request to record (nil: record nothing but the cache fill). The
    /// recorded query is the normalised text (`QueryNormaliser`). A spent embedding budget records
    /// the attempt as `busy` and throws `BusyRefusal`.
    public func match(text: String, recording attempt: Attempt? = nil) throws -> Result {
        let query = QueryNormaliser.normalise(text)
        loaded = shared.matcher
        let decisionKeyText = DecisionRecord.keyText(of: text, normalised: query)
        if let attempt, cachesDecisions, let hit = try cachedMatch(keyText: decisionKeyText, query: query, attempt: attempt) {
            return hit
        }
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
                                            deadline: try redis.replyDeadline(), now: attempt.now,
                                            token: attempt.token)
            if result.embeddingCached { pending.append(EmbeddingSpendRecorder.cacheHit(now: now)) }
            if cachesDecisions, let store = decisionWrite(result, keyText: decisionKeyText) { pending.append(store) }
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
        if loaded == nil { try reload(seenVersion: nil) }
        let started = SystemClock.monotonicNanoseconds()
        let spans = steps.roleSpans ? loaded?.extractor.spans(in: rawText) ?? [] : []
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
        guard let loaded else { return text }
        let titled = steps.qualifiers ? loaded.qualifier.rewrite(text) : text
        return loaded.corrector.correct(titled)
    }

    /// Decides normalised text as one query.
    private func decide(query text: String, now: Int, pending: inout [RedisConnection.Command]) throws -> Result {
        let settings = embedder.settings
        var embedText = embeddingText(text)
        var cacheKey = RedisKeys.embedding(model: settings.model, prefix: settings.queryPrefix, text: embedText)
        var lookup = try lookUp(cacheKey: cacheKey, storing: nil)
        if lookup.version != matcher?.version {
            try reload(seenVersion: lookup.version)
            embedText = embeddingText(text)
            cacheKey = RedisKeys.embedding(model: settings.model, prefix: settings.queryPrefix, text: embedText)
            lookup = try lookUp(cacheKey: cacheKey, storing: nil)
        }
        guard let loaded, let matcher, let decider else { throw MatchServiceError.notPopulated }

        let cached = lookup.vector != nil
        var vector = lookup.vector
        if let refusal = refusalOnWords(text, embeddedText: embedText, matcher: matcher, decider: decider) {
            return refusal
        }
        if vector == nil {
            let fresh = try embed([embedText], now: now, pending: &pending)[0]
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
            ?? loaded.examples.nearest(to: vector, k: matcher.parameters.k)
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
    func embed(_ texts: [String], now: Int, pending: inout [RedisConnection.Command]) throws -> [[Float]] {
        guard let meter, let loaded else { return try embedder.embed(texts, as: .query) }
        let metered = try meter.vectors(for: texts, example: loaded.exampleVector, embedder: embedder, now: now)
        pending += metered.writes
        return metered.vectors
    }

    var usesKNN: Bool {
        guard let matcher, matcher.hasVectorIndex else { return false }
        switch searchMode {
        case .exact: return false
        case .redisearch: return true
        case .auto: return (loaded?.examples.count ?? 0) >= SearchMode.knnFromExamples
        }
    }

    /// The lookup round trip; `search: false` only reads (or stores) the cached vector.
    func lookUp(cacheKey: String, storing: [Float]?, search: Bool = true) throws -> MatchLookupScript.Lookup {
        try MatchLookupScript.run(on: redis, cacheKey: cacheKey,
                                  knnVersion: search && usesKNN ? matcher?.version : nil,
                                  k: matcher?.parameters.k ?? 1, storing: storing, cacheSeconds: Self.cacheSeconds)
    }

    /// Makes the matcher stored in Redis current for the process (unless another thread already
    /// loaded `seenVersion`, the version this thread saw) and for this request.
    func reload(seenVersion: String?) throws {
        loaded = try shared.reload(seenVersion: seenVersion) { [redis, embedder, searchMode, steps] in
            guard let stored = try MatcherStore(redis: redis).load() else { throw MatchServiceError.notPopulated }
            let settings = embedder.settings
            guard stored.model == settings.model else {
                throw MatchServiceError.modelMismatch(stored: stored.model, configured: settings.model)
            }
            let storedPrefixes = (query: stored.queryPrefix ?? stored.prefix, document: stored.prefix)
            guard storedPrefixes == (settings.queryPrefix, settings.documentPrefix) else {
                throw MatchServiceError.prefixMismatch(
                    stored: "query \"\(storedPrefixes.query)\", document \"\(storedPrefixes.document)\"",
                    configured: "query \"\(settings.queryPrefix)\", document \"\(settings.documentPrefix)\"")
            }
            if searchMode == .redisearch && !stored.hasVectorIndex { throw MatchServiceError.noVectorIndex }
            let knn = stored.hasVectorIndex && (searchMode == .redisearch
                || (searchMode == .auto && stored.examples.count >= SearchMode.knnFromExamples))
            let search = knn ? "redisearch" : "exact"
            let line = "matcher \(stored.version) loaded: \(stored.positions.count) positions, \(stored.examples.count) examples, search \(search)"
            let fresh = LoadedMatcher(model: consume stored, steps: steps)
            SystemMemory.releaseFree()   // the decoded model (its examples' own vectors) was freed just now
            Log.info(line)
            return fresh
        }
    }
}
