/// The outcome of one decision.
public struct MatchDecision: Sendable, Equatable {
    /// Why the decision came out the way it did.
    public enum Reason: String, Sendable, Codable, Equatable {
        /// A position was chosen.
        case matched
        /// The text has no real words (mashing, symbols, digits, empty).
        case noRealWords
        /// The text looks like markup, SQL, template/path or prompt injection.
        case suspiciousInput
        /// The best position is not similar enough to its examples.
        case tooFar
        /// Two positions are nearly tied.
        case ambiguous
        /// Counter-examples (the "none" class) are at least as close as the best position.
        case counterExample
        /// Not decided: the embedding budget was spent (an attempt's outcome; `Decider` never
        /// gives it).
        case busy
    }

    /// The chosen position; nil means no match.
    public var positionID: String?
    /// The nearest position among the neighbours, even when refused; nil when none was near.
    public var bestPositionID: String?
    /// Calibrated confidence 0–100; matched ⇔ `score >= 50` (and `positionID != nil`).
    public var score: Int
    public var reason: Reason

    public init(positionID: String?, bestPositionID: String?, score: Int, reason: Reason) {
        self.positionID = positionID
        self.bestPositionID = bestPositionID
        self.score = score
        self.reason = reason
    }
}

/// Decides which CV (if any) a query gets, from the query text and its global top-K neighbours.
///
/// Steps:
/// 1. ``LexicalCheck`` (if enabled): no real words or an injection shape → refused, score 0.
/// 2. Only the first `k` neighbours (best first, over positions *and* counter-examples) are used, so an
///    exact scan and a KNN index give the same answer. For each label, its *label score* `a(label)` is
///    the mean of its best `perLabel` similarities; missing slots are filled with the k-th similarity.
/// 3. `P` = the position with the highest label score, `N` = the "none" label, `P2` = the best other
///    position present among the neighbours.
///
/// The score is the minimum of three components, each 50 exactly at its cut-off:
/// - closeness: `c = a(P)`, `θ = threshold(P)`, `t` = the position's typical score:
///   `c ≥ θ ? 50 + 50·√((c − θ)/(t − θ))  :  50·(c − low)/(θ − low)`, `low = min(floor, θ − spread/2)`;
/// - counter-example lead `d = a(P) − a(N)`, cut-off `d > 0`: `50 + 50·√(d/D)` above it, `D` = the
///   typical lead of the position's own examples over the counter-examples (fitted);
///   `50 + 50·d/(spread/2)` below it;
/// - ambiguity lead `e = a(P) − a(P2) − ambiguityMargin`, likewise with the typical runner-up lead
///   (100 without `P2`).
/// So a query as clearly this position as a typical example scores about 100.
///
/// The minimum is clamped to 0…100 and floored; a match additionally needs every component at or
/// above its cut-off, and the integer score is then forced into 50…100 (refusals into 0…49), so
/// `matched ⇔ score ≥ 50`. The score never decreases when any similarity of `P` rises or any
/// similarity of a competitor falls. The reason of a refusal is the component with the lowest value.
public struct Decider: Sendable {
    public let parameters: DecisionParameters

    public init(parameters: DecisionParameters) {
        self.parameters = parameters
    }

    /// Decides for a query already trimmed, whitespace-collapsed and case-folded.
    public func decide(normalisedText: String, neighbours: [Neighbour]) -> MatchDecision {
        if parameters.lexicalCheck {
            switch LexicalCheck.evaluate(normalisedText) {
            case .noRealWords: return MatchDecision(positionID: nil, bestPositionID: nil, score: 0, reason: .noRealWords)
            case .suspicious: return MatchDecision(positionID: nil, bestPositionID: nil, score: 0, reason: .suspiciousInput)
            case .ok: break
            }
        }
        return decide(neighbours: neighbours)
    }

    /// The vector part of the decision alone (no lexical check).
    public func decide(neighbours unsorted: [Neighbour]) -> MatchDecision {
        let neighbours = Array(Self.sorted(unsorted).prefix(max(parameters.k, 1)))
        guard !neighbours.isEmpty, let firstPosition = parameters.positions.first else {
            return MatchDecision(positionID: nil, bestPositionID: nil, score: 0, reason: .tooFar)
        }
        let m = max(parameters.perLabel, 1)
        let present = parameters.positions.filter { p in neighbours.contains { $0.label == p.id } }
        var best = present.first ?? firstPosition
        var bestScore = Self.labelScore(best.id, neighbours: neighbours, perLabel: m)
        for position in present.dropFirst() {
            let score = Self.labelScore(position.id, neighbours: neighbours, perLabel: m)
            if score > bestScore { best = position; bestScore = score }
        }
        let noneScore = Self.labelScore(LabelledVector.noneLabel, neighbours: neighbours, perLabel: m)
        let runnerUp = present.filter { $0.id != best.id }
            .map { Self.labelScore($0.id, neighbours: neighbours, perLabel: m) }.max()

        let theta = best.threshold
        let half = max(parameters.spread / 2, 1e-9)
        let low = min(parameters.floor, theta - parameters.spread / 2)
        // Above a cut-off each part rises to 100 where a typical example of the position sits
        // (fitted); below it, it falls to 0 over half the spread, as before.
        let closeTop = best.typicalScore > theta ? best.typicalScore : 1
        let closeness = bestScore >= theta
            ? 50 + 50 * ((bestScore - theta) / max(closeTop - theta, 1e-9)).squareRoot()
            : 50 * (bestScore - low) / max(theta - low, 1e-9)
        let counterLead = Self.part(bestScore - noneScore, typical: best.typicalCounterLead, half: half)
        let ambiguityLead = runnerUp.map {
            Self.part(bestScore - $0 - parameters.ambiguityMargin,
                      typical: best.typicalRunnerUpLead.map { $0 - parameters.ambiguityMargin }, half: half)
        } ?? 100

        let checks: [(value: Double, reason: MatchDecision.Reason, passed: Bool)] = [
            (closeness, .tooFar, bestScore >= theta),
            (counterLead, .counterExample, bestScore > noneScore),
            (ambiguityLead, .ambiguous, runnerUp.map { bestScore - $0 >= parameters.ambiguityMargin } ?? true),
        ]
        let raw = min(closeness, counterLead, ambiguityLead)
        let score = Int(min(100, max(0, raw)).rounded(.down))
        let bestID = present.isEmpty ? nil : best.id
        if checks.allSatisfy(\.passed) {
            return MatchDecision(positionID: best.id, bestPositionID: best.id, score: max(50, score), reason: .matched)
        }
        var binding = checks.first { !$0.passed }!
        for check in checks where !check.passed && check.value < binding.value { binding = check }
        return MatchDecision(positionID: nil, bestPositionID: bestID, score: min(49, score), reason: binding.reason)
    }

    /// A lead over a cut-off as a score part: 50 at the cut-off, rising as the square root of the
    /// lead's share of the typical lead of the position's own examples (when fitted and positive)
    /// to 100 there, so half the typical lead already reads 85; below the cut-off it falls to 0
    /// over half a spread, as before.
    static func part(_ lead: Double, typical: Double?, half: Double) -> Double {
        if lead >= 0, let typical, typical > 1e-9 { return 50 + 50 * (lead / typical).squareRoot() }
        return 50 + 50 * lead / half
    }

    /// Mean of the `perLabel` best similarities of `label` among `neighbours` (sorted best first);
    /// missing slots count as the last (k-th) similarity.
    public static func labelScore(_ label: String, neighbours: [Neighbour], perLabel: Int) -> Double {
        guard let last = neighbours.last?.similarity else { return 0 }
        var sum = 0.0
        var taken = 0
        for neighbour in neighbours where neighbour.label == label {
            sum += Double(neighbour.similarity)
            taken += 1
            if taken == perLabel { break }
        }
        sum += Double(last) * Double(perLabel - taken)
        return sum / Double(perLabel)
    }

    /// Best first; stable, so equal similarities keep their given order.
    public static func sorted(_ neighbours: [Neighbour]) -> [Neighbour] {
        neighbours.enumerated()
            .sorted { $0.element.similarity != $1.element.similarity ? $0.element.similarity > $1.element.similarity : $0.offset < $1.offset }
            .map(\.element)
    }
}
