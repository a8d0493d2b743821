#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import CVMatchAdmin
import CVMatchCore

/// Decider and DecisionFitter on small fixed vectors and hand-written neighbour lists (no server).
struct DeciderTests {
    // MARK: - Fixtures

    /// A unit vector: direction `degrees` in a plane (lifted off it by `lift`), plus a component
    /// shared by all vectors, so that similarities are `common + (1 − common)·cos`, compressed the way
    /// small embedding models compress them.
    static func vector(_ degrees: Double, lift: Double = 0, common: Double = 0.8) -> [Float] {
        let r = degrees * .pi / 180
        let base = [cos(r), sin(r), lift]
        let n = (base[0] * base[0] + base[1] * base[1] + base[2] * base[2]).squareRoot()
        return base.map { Float($0 / n * (1 - common).squareRoot()) } + [Float(common.squareRoot())]
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    /// backend at 0°…24°, product at 90°…114°, counter-examples next to backend (-45°…-57°) and elsewhere.
    static func examples(common: Double = 0.8) -> [LabelledVector] {
        var e: [LabelledVector] = []
        for d in stride(from: 0.0, through: 24, by: 3) { e.append(.init(label: "backend", text: "b\(d)", vector: vector(d, common: common))) }
        for d in stride(from: 90.0, through: 114, by: 3) { e.append(.init(label: "product", text: "p\(d)", vector: vector(d, common: common))) }
        for d in stride(from: -45.0, through: -57, by: -4) { e.append(.init(label: LabelledVector.noneLabel, text: "n\(d)", vector: vector(d, common: common))) }
        for d in stride(from: 140.0, through: 280, by: 10) { e.append(.init(label: LabelledVector.noneLabel, text: "n\(d)", vector: vector(d, common: common))) }
        return e
    }

    static let stored = examples()
    static let fitted = DecisionFitter.fit(examples: stored, model: "toy")

    /// Exact scan over `among`: what a KNN index would return.
    static func neighbours(of query: [Float], among: [LabelledVector] = stored, k: Int = fitted.k) -> [Neighbour] {
        Array(Decider.sorted(among.map { Neighbour(label: $0.label, similarity: dot(query, $0.vector)) }).prefix(k))
    }

    /// Hand-made parameters with round numbers, for boundary tests.
    static func handParameters(threshold: Double = 0.75, ambiguityMargin: Double = 0.02) -> DecisionParameters {
        DecisionParameters(
            model: "hand", k: 10, perLabel: 3,
            positions: [
                .init(id: "backend", threshold: threshold, typicalScore: 0.9, exampleCount: 3),
                .init(id: "product", threshold: threshold, typicalScore: 0.9, exampleCount: 3),
            ],
            floor: 0.5, spread: 0.2, ambiguityMargin: ambiguityMargin, counterExampleCount: 3)
    }

    static func list(_ pairs: [(String, Float)]) -> [Neighbour] { pairs.map { Neighbour(label: $0.0, similarity: $0.1) } }

    // MARK: - Decisions on vectors

    @Test func queryOnAPositionExampleMatchesWithHighScore() {
        let d = Decider(parameters: Self.fitted).decide(normalisedText: "backend thing", neighbours: Self.neighbours(of: Self.vector(3)))
        #expect(d.positionID == "backend")
        #expect(d.bestPositionID == "backend")
        #expect(d.reason == .matched)
        #expect(d.score >= 80)
    }

    @Test func otherPositionMatchesToo() {
        let d = Decider(parameters: Self.fitted).decide(normalisedText: "product thing", neighbours: Self.neighbours(of: Self.vector(96)))
        #expect(d.positionID == "product")
        #expect(d.score >= 80)
    }

    @Test func queryNearestACounterExampleIsRefused() {
        let d = Decider(parameters: Self.fitted).decide(normalisedText: "adjacent role", neighbours: Self.neighbours(of: Self.vector(-50)))
        #expect(d.positionID == nil)
        #expect(d.reason == .counterExample)
        #expect(d.bestPositionID == "backend")
        #expect(d.score < 50)
    }

    @Test func queryFarFromEverythingIsRefused() {
        // Almost orthogonal to the whole plane: similarities near 0, far below the fitted floor.
        let d = Decider(parameters: Self.fitted).decide(normalisedText: "something else", neighbours: Self.neighbours(of: Self.vector(45, lift: 20)))
        #expect(d.positionID == nil)
        #expect(d.score < 20)
    }

    @Test func twoPositionsNearlyTiedAreAmbiguous() {
        let n = Self.list([("backend", 0.90), ("product", 0.899), ("backend", 0.89), ("product", 0.889), ("backend", 0.88),
                           ("product", 0.879), ("none", 0.70), ("none", 0.69)])
        let d = Decider(parameters: Self.handParameters()).decide(normalisedText: "tied role", neighbours: n)
        #expect(d.positionID == nil)
        #expect(d.reason == .ambiguous)
        #expect(d.bestPositionID == "backend")
        #expect(d.score < 50)
        // The same list with a clear lead is a match.
        let clear = Self.list([("backend", 0.90), ("backend", 0.89), ("backend", 0.88), ("product", 0.80), ("none", 0.70)])
        #expect(Decider(parameters: Self.handParameters()).decide(normalisedText: "clear role", neighbours: clear).positionID == "backend")
    }

    // MARK: - Lexical refusal comes first

    @Test func gibberishIsRefusedBeforeVectorsAreConsidered() {
        let perfect = Self.neighbours(of: Self.vector(0))
        let decider = Decider(parameters: Self.fitted)
        let mash = decider.decide(normalisedText: "jkhjkhjkhjkh", neighbours: perfect)
        #expect(mash == MatchDecision(positionID: nil, bestPositionID: nil, score: 0, reason: .noRealWords))
        let symbols = decider.decide(normalisedText: "#### 0000", neighbours: perfect)
        #expect(symbols.reason == .noRealWords)
        let markup = decider.decide(normalisedText: "<div>senior server engineer</div>", neighbours: perfect)
        #expect(markup.reason == .suspiciousInput)
        #expect(markup.positionID == nil)
        #expect(markup.score == 0)
    }

    @Test func lexicalCheckCanBeSwitchedOff() {
        var p = Self.fitted
        p.lexicalCheck = false
        let d = Decider(parameters: p).decide(normalisedText: "jkhjkhjkhjkh", neighbours: Self.neighbours(of: Self.vector(0)))
        #expect(d.positionID == "backend")
    }

    // MARK: - Fitter

    /// Leave-one-out label score of `example` for `label`, as the fitter sees it.
    static func looScore(_ example: LabelledVector, for label: String) -> Double {
        let rest = stored.filter { $0.text != example.text }
        return Decider.labelScore(label, neighbours: neighbours(of: example.vector, among: rest), perLabel: fitted.perLabel)
    }

    @Test func fitterPutsThresholdsBetweenTheClassDistributions() {
        let p = Self.fitted
        #expect(p.model == "toy")
        #expect(p.k == 20)
        #expect(p.perLabel == 3)
        #expect(p.positions.map(\.id) == ["backend", "product"])
        #expect(p.positions.map(\.exampleCount) == [9, 9])
        #expect(p.counterExampleCount == 19)
        #expect(p.spread > 0)
        let counters = Self.stored.filter { $0.label == LabelledVector.noneLabel }
        for position in p.positions {
            let theta = position.threshold
            let own = Self.stored.filter { $0.label == position.id }.map { Self.looScore($0, for: position.id) }
            let other = counters.map { Self.looScore($0, for: position.id) }.sorted()
            #expect(own.allSatisfy { $0 >= theta }, "an own example falls below \(position.id)'s threshold")
            #expect(other[other.count / 2] < theta, "median counter-example is above \(position.id)'s threshold")
            #expect(theta > p.floor)
            #expect(theta < position.typicalScore)
        }
    }

    @Test func fitterFollowsTheSimilarityScaleOfTheModel() {
        // The same geometry under a much less compressed "model" (similarity = 0.3 + 0.7·cos instead of
        // 0.8 + 0.2·cos): fitted levels move, decisions and scores do not.
        let other = Self.examples(common: 0.3)
        let q = DecisionFitter.fit(examples: other, model: "toy-wide")
        let p = Self.fitted
        #expect(q.floor < p.floor)
        #expect(q.spread > p.spread)
        #expect(q.positions[0].threshold < p.positions[0].threshold)
        for degrees in stride(from: -40.0, through: 200, by: 7) {
            let a = Decider(parameters: p).decide(normalisedText: "role", neighbours: Self.neighbours(of: Self.vector(degrees)))
            let b = Decider(parameters: q).decide(
                normalisedText: "role", neighbours: Self.neighbours(of: Self.vector(degrees, common: 0.3), among: other, k: q.k))
            #expect(a.positionID == b.positionID, "at \(degrees)°")
            #expect(a.reason == b.reason, "at \(degrees)°")
            #expect(abs(a.score - b.score) <= 1, "at \(degrees)°")
        }
    }

    // MARK: - Score

    @Test func scoreIsMonotoneInTheBestSimilarity() {
        let decider = Decider(parameters: Self.handParameters())
        var previous = -1
        for step in 0...60 {
            let s = Float(0.40) + Float(step) * 0.01
            let n = Self.list([("backend", s), ("backend", s), ("backend", s), ("none", 0.39), ("none", 0.38), ("product", 0.30)])
            let d = decider.decide(normalisedText: "role", neighbours: n)
            #expect(d.score >= previous, "score fell at similarity \(s)")
            previous = d.score
        }
        #expect(previous == 100)
    }

    @Test func scoreIsMonotoneInTheCounterExampleSimilarity() {
        let decider = Decider(parameters: Self.handParameters())
        var previous = 101
        for step in 0...40 {
            let c = Float(0.60) + Float(step) * 0.01
            let n = Decider.sorted(Self.list([("backend", 0.85), ("backend", 0.84), ("backend", 0.83), ("none", c), ("none", c), ("none", c)]))
            let d = decider.decide(normalisedText: "role", neighbours: n)
            #expect(d.score <= previous, "score rose at counter similarity \(c)")
            previous = d.score
        }
        #expect(previous < 50)
    }

    @Test func scoreFiftyIsExactlyTheThreshold() {
        let decider = Decider(parameters: Self.handParameters(threshold: 0.75))
        let tail: [(String, Float)] = [("none", 0.55), ("none", 0.54), ("none", 0.53)]
        let at = decider.decide(normalisedText: "role", neighbours: Self.list([("backend", 0.75), ("backend", 0.75), ("backend", 0.75)] + tail))
        #expect(at.positionID == "backend")
        #expect(at.score == 50)
        let below = decider.decide(normalisedText: "role", neighbours: Self.list([("backend", 0.7499), ("backend", 0.7499), ("backend", 0.7499)] + tail))
        #expect(below.positionID == nil)
        #expect(below.reason == .tooFar)
        #expect(below.score == 49)
        #expect(below.bestPositionID == "backend")
    }

    @Test func matchedIffScoreAtLeastFifty() {
        var rng = SplitMix(seed: 42)
        let decider = Decider(parameters: Self.fitted)
        for _ in 0..<500 {
            let query = Self.vector(Double(rng.next() % 360), lift: Double(rng.next() % 100) / 50)
            let d = decider.decide(normalisedText: "role", neighbours: Self.neighbours(of: query))
            #expect((d.score >= 50) == (d.positionID != nil))
            #expect((0...100).contains(d.score))
            #expect((d.reason == .matched) == (d.positionID != nil))
        }
    }

    // MARK: - Neighbour handling

    @Test func onlyTheFirstKNeighboursCount() {
        var p = Self.handParameters()
        p.k = 3
        let n = Self.list([("none", 0.9), ("none", 0.89), ("none", 0.88), ("backend", 0.87), ("backend", 0.86), ("backend", 0.85)])
        let d = Decider(parameters: p).decide(normalisedText: "role", neighbours: n)
        #expect(d.positionID == nil)
        #expect(d.bestPositionID == nil)
        #expect(d.reason == .counterExample)
    }

    @Test func unsortedNeighboursGiveTheSameDecision() {
        let sorted = Self.neighbours(of: Self.vector(7))
        let decider = Decider(parameters: Self.fitted)
        #expect(decider.decide(normalisedText: "role", neighbours: sorted.reversed())
            == decider.decide(normalisedText: "role", neighbours: sorted))
    }

    @Test func noNeighboursIsNoMatch() {
        let d = Decider(parameters: Self.fitted).decide(normalisedText: "role", neighbours: [])
        #expect(d.positionID == nil)
        #expect(d.score == 0)
    }

    @Test func labelScoreAveragesTheBestAndPadsWithTheLast() {
        let n = Self.list([("backend", 0.9), ("none", 0.8), ("backend", 0.7), ("none", 0.6)])
        #expect(abs(Decider.labelScore("backend", neighbours: n, perLabel: 3) - (0.9 + 0.7 + 0.6) / 3) < 1e-6)
        #expect(abs(Decider.labelScore("product", neighbours: n, perLabel: 2) - 0.6) < 1e-6)
    }
}

/// Small deterministic generator for property-style tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
