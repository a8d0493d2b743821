import CVMatchCore
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// Decide once per distinct query: a visitor's decision is stored per matcher version and query
/// key text (`DecisionRecord`), and a repeated query is answered from it by one `CachedMatchScript`
/// call that also records the attempt — no span extraction, typo correction, embedding lookup or
/// nearest-example search.
extension MatchService {
    /// The cached decision of the query, its attempt recorded; nil when none is cached (decide in
    /// full). A version change seen here reloads the matcher and asks once more.
    func cachedMatch(keyText: String, query: String, attempt: Attempt) throws -> Result? {
        guard let recorder else { return nil }
        if loaded == nil { try reload(seenVersion: nil) }
        for _ in 0..<2 {
            guard let loaded else { return nil }
            let started = SystemClock.monotonicNanoseconds()
            switch try CachedMatchScript.run(on: redis, recorder: recorder, version: loaded.version, keyText: keyText,
                                             query: query, attribution: attempt.attribution,
                                             requestID: attempt.requestID, now: attempt.now, token: attempt.token) {
            case .decided(let decision):
                return Result(decision: decision, position: decision.positionID.flatMap(loaded.model.position),
                              positions: loaded.model.positions, neighbours: [], embeddedText: "",
                              embeddingCached: true,
                              decisionNanoseconds: SystemClock.monotonicNanoseconds() - started, decisionCached: true)
            case .miss:
                return nil
            case .otherVersion(let current):
                try reload(seenVersion: current)
            }
        }
        return nil
    }

    /// The write that stores `result`'s decision for the next time the query comes; nil for a
    /// decision made on the words alone (no vector was compared), so only queries that passed the
    /// embedding budget (or are examples) are stored and the keys stay bounded.
    func decisionWrite(_ result: Result, keyText: String) -> RedisConnection.Command? {
        guard !result.neighbours.isEmpty, let version = matcher?.version else { return nil }
        return ["SET", RedisKeys.decision(version: version, keyText: keyText), DecisionRecord(result.decision).encoded,
                "EX", String(Self.cacheSeconds)].map { Array($0.utf8) }
    }
}
