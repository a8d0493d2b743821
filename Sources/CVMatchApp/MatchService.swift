import CVMatchCore
import CVMatchEmbedding
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// The matching path shared by `/api/match` and `cvctl eval`: cached embedding, nearest examples
/// (RediSearch KNN or an exact scan), decision, and the writes that belong to the query (the cache
/// fill and, for a visitor's attempt, its events), committed in one more round trip. One per thread.
public final class MatchService {
    /// The outcome of one query.
    public struct Result {
        public var decision: MatchDecision
        /// The matched position, when there is one.
        public var position: PositionInfo?
        /// Every position on offer (for the sentence of a refusal).
        public var positions: [PositionInfo]
        public var neighbours: [Neighbour]
        /// The text that was embedded: the query with typos corrected (`SpellingCorrector`).
        public var embeddedText: String
        /// True when the query vector came from the cache (no embedding call).
        public var embeddingCached: Bool
        /// Time spent in process on the nearest-example scan (exact mode) and the decision.
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

    private let redis: RedisConnection
    private let embedder: EmbeddingClient
    private let searchMode: SearchMode
    private let recorder: EventRecorder?
    private var matcher: MatcherModel?
    private var decider: Decider?
    private var corrector: SpellingCorrector?

    /// - Parameter recorder: records attempts; nil for a service that never records (`cvctl eval`).
    public init(redis: RedisConnection, embedder: EmbeddingClient, searchMode: SearchMode, recorder: EventRecorder?) {
        self.redis = redis
        self.embedder = embedder
        self.searchMode = searchMode
        self.recorder = recorder
    }

    /// Matches normalised text (see `QueryNormaliser`) and commits its writes; `attempt` is the
    /// visitor's request to record (nil: record nothing but the cache fill).
    public func match(normalisedText text: String, recording attempt: Attempt? = nil) throws -> Result {
        var pending: [RedisConnection.Command] = []
        let result = try decide(text, pending: &pending)
        var scripts = [RedisScript?](repeating: nil, count: pending.count)
        if let attempt, let recorder {
            let decision = result.decision
            let write = recorder.attempt(query: text, score: decision.score, outcome: decision.reason,
                                         position: result.position?.id, nearest: decision.bestPositionID,
                                         attribution: attempt.attribution, requestID: attempt.requestID,
                                         deadline: try redis.replyDeadline(), now: attempt.now)
            pending.append(write.command)
            scripts.append(write.script)
        }
        if !pending.isEmpty {
            let replies = try redis.pipeline(pending, scripts: scripts)
            for (reply, script) in zip(replies, scripts) {
                if case .error(let message) = reply { throw RedisError.command(message) }
                if script != nil { try AttemptScript.check(reply) }
            }
        }
        return result
    }

    private func decide(_ text: String, pending: inout [RedisConnection.Command]) throws -> Result {
        let settings = embedder.settings
        // What is embedded (and cached): the text's opening (`EmbeddingText`, one bounded request
        // however long the text) with typos fixed against the examples' words.
        let head = EmbeddingText.bounded(text)
        var embedText = corrector?.correct(head) ?? head
        var cacheKey = RedisKeys.embedding(model: settings.model, prefix: settings.prefix, text: embedText)
        var lookup = try lookUp(cacheKey: cacheKey, storing: nil)
        if lookup.version != matcher?.version {
            try reload()
            embedText = corrector?.correct(head) ?? head
            cacheKey = RedisKeys.embedding(model: settings.model, prefix: settings.prefix, text: embedText)
            lookup = try lookUp(cacheKey: cacheKey, storing: nil)
        }
        guard let matcher, let decider else { throw MatchServiceError.notPopulated }

        let cached = lookup.vector != nil
        var vector = lookup.vector
        if matcher.parameters.lexicalCheck, LexicalCheck.evaluate(text) != .ok {
            // Refused on its words alone: the decision needs no vector, so no embedding call.
            let started = SystemClock.monotonicNanoseconds()
            let decision = decider.decide(normalisedText: text, neighbours: [])
            return Result(decision: decision, position: nil, positions: matcher.positions, neighbours: [],
                          embeddedText: embedText, embeddingCached: false,
                          decisionNanoseconds: SystemClock.monotonicNanoseconds() - started)
        }
        if vector == nil {
            let fresh = try embedder.embed([embedText])[0]
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

    /// `redisearch` or `exact`: where the loaded matcher finds nearest examples.
    public var searchDescription: String { usesKNN ? "redisearch" : "exact" }

    private var usesKNN: Bool {
        searchMode != .exact && matcher?.hasVectorIndex == true
    }

    private func lookUp(cacheKey: String, storing: [Float]?) throws -> MatchLookupScript.Lookup {
        try MatchLookupScript.run(on: redis, cacheKey: cacheKey, knnVersion: usesKNN ? matcher?.version : nil,
                                  k: matcher?.parameters.k ?? 1, storing: storing, cacheSeconds: Self.cacheSeconds)
    }

    private func reload() throws {
        guard let loaded = try MatcherStore(redis: redis).load() else {
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
        corrector = SpellingCorrector(vocabulary: loaded.examples.map(\.text))
        Log.info("matcher \(loaded.version) loaded: \(loaded.positions.count) positions, \(loaded.examples.count) examples, search \(searchDescription)")
    }
}
