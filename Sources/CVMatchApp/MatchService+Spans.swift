import CVMatchCore
import CVMatchEmbedding
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// The match of a text with several role spans: one embedding request for all of them (cached
/// together under one key), an in-process nearest-example scan per span, `RoleSpanChooser`.
extension MatchService {
    func decide(spans: [RoleSpan], rawText: String, normalisedText text: String, now: Int,
                planningNanoseconds: UInt64, pending: inout [RedisConnection.Command]) throws -> Result {
        guard let matcher, let decider else { throw MatchServiceError.notPopulated }
        // The whole text is checked, so injection cannot hide behind a clean span.
        if let refusal = refusalOnWords(text, embeddedText: text, matcher: matcher, decider: decider,
                                        planningNanoseconds: planningNanoseconds) {
            return refusal
        }
        let texts = spans.map { embeddingText($0.text) }
        let settings = embedder.settings
        let cacheKey = RedisKeys.embedding(model: settings.model, prefix: settings.queryPrefix, text: texts.joined(separator: "\n"))
        let lookup = try lookUp(cacheKey: cacheKey, storing: nil, search: false)
        if lookup.version != matcher.version {
            try reload()
            return try decide(spans: spans, rawText: rawText, normalisedText: text, now: now,
                              planningNanoseconds: planningNanoseconds, pending: &pending)
        }
        var vectors = lookup.vector.map { Self.split($0, dimension: matcher.dimension) } ?? []
        let cached = vectors.count == texts.count
        if !cached {
            vectors = try embed(texts, examples: matcher.examples, now: now, pending: &pending)
            guard vectors.allSatisfy({ $0.count == matcher.dimension }) else {
                throw EmbeddingError.badResponse("vector dimension differs from the populated \(matcher.dimension)")
            }
            pending.append(MatchLookupScript.cacheFill(key: cacheKey, vector: vectors.flatMap { $0 }, cacheSeconds: Self.cacheSeconds))
        }
        let started = SystemClock.monotonicNanoseconds()
        let candidates = zip(spans, vectors).map { span, vector in
            RoleSpanChooser.Candidate(span: span, neighbours: SpanSearch.nearest(to: vector, in: matcher.examples, k: matcher.parameters.k))
        }
        guard let chosen = RoleSpanChooser.choose(candidates, decider: decider) else { throw MatchServiceError.notPopulated }
        let decision = chosen.decision
        return Result(decision: decision, position: decision.positionID.flatMap(matcher.position),
                      positions: matcher.positions, neighbours: candidates[chosen.index].neighbours,
                      embeddedText: texts[chosen.index], embeddingCached: cached,
                      decisionNanoseconds: planningNanoseconds + SystemClock.monotonicNanoseconds() - started)
    }

    /// Consecutive vectors of `dimension` floats; empty when the length does not divide.
    static func split(_ floats: [Float], dimension: Int) -> [[Float]] {
        guard dimension > 0, !floats.isEmpty, floats.count % dimension == 0 else { return [] }
        return stride(from: 0, to: floats.count, by: dimension).map { Array(floats[$0..<$0 + dimension]) }
    }
}
