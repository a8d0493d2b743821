import CVMatchCore
import CVMatchStore

/// Fits ``DecisionParameters`` from the stored example vectors (positions and counter-examples).
///
/// Every example is treated, leave-one-out, as a query against all the others, using exactly the
/// neighbour aggregation of ``Decider``:
/// - `floor` = median similarity over all pairs of examples (what "unrelated" looks like);
/// - `spread` = median leave-one-out top-1 similarity − `floor` (what "close" looks like);
/// - per position, `pos` = its examples' label scores for their own position (low quantile `q`),
///   `neg` = the counter-examples' label scores for that position (median), and
///   `threshold = neg + closeness·(pos − neg)`;
/// - `ambiguityMargin = ambiguityFraction·spread`;
/// - per position, the median leads of its own examples over the counter-examples and over the
///   runner-up position, which calibrate the score (a typical example of the position scores 100).
///
/// Only model-free hyperparameters (k, a quantile, fractions) are fixed; every similarity level is
/// measured on the vectors, so another embedding model just needs a re-fit.
public enum DecisionFitter {
    /// Model-free knobs of the fit.
    public struct Hyperparameters: Sendable, Equatable {
        public var k: Int
        public var perLabel: Int
        /// Where between the counter-example median (0) and the positives' low quantile (1) the threshold sits.
        public var closeness: Double
        /// Quantile of the positives' leave-one-out label scores used as their lower edge.
        public var positiveQuantile: Double
        /// Ambiguity margin as a fraction of the fitted spread.
        public var ambiguityFraction: Double

        public init(k: Int = 20, perLabel: Int = 3, closeness: Double = 0.4, positiveQuantile: Double = 0.05,
                    ambiguityFraction: Double = 0.03) {
            self.k = k
            self.perLabel = perLabel
            self.closeness = closeness
            self.positiveQuantile = positiveQuantile
            self.ambiguityFraction = ambiguityFraction
        }

        public static let standard = Hyperparameters()
    }

    /// Fits with the standard hyperparameters. `examples` include counter-examples labelled
    /// `LabelledVector.noneLabel`; positions keep the order of their first example.
    /// `queries`: the examples embedded as queries (in the same order) when the model is given a
    /// query prefix of its own; each leave-one-out query is then that vector against the others'
    /// stored vectors.
    public static func fit(examples: [LabelledVector], queries: [[Float]]? = nil, model: String) -> DecisionParameters {
        fit(examples: examples, queries: queries, model: model, hyperparameters: .standard)
    }

    public static func fit(examples: [LabelledVector], queries: [[Float]]? = nil, model: String,
                           hyperparameters h: Hyperparameters) -> DecisionParameters {
        let n = examples.count
        var positionIDs: [String] = []
        for example in examples where example.label != LabelledVector.noneLabel && !positionIDs.contains(example.label) {
            positionIDs.append(example.label)
        }
        // All pairwise similarities (dot products of L2-normalised vectors).
        var sim = [[Float]](repeating: [Float](repeating: 0, count: n), count: n)
        var pairs: [Double] = []
        pairs.reserveCapacity(n * (n - 1) / 2)
        if let queries, queries.count == n {
            for i in 0..<n {
                for j in 0..<n where j != i {
                    sim[i][j] = dot(queries[i], examples[j].vector)
                    pairs.append(Double(sim[i][j]))
                }
            }
        } else {
            for i in 0..<n {
                for j in i..<n {
                    let s = dot(examples[i].vector, examples[j].vector)
                    sim[i][j] = s
                    sim[j][i] = s
                    if j > i { pairs.append(Double(s)) }
                }
            }
        }
        // Leave-one-out neighbour lists, exactly as the Decider would see them.
        let k = max(h.k, 1)
        let loo: [[Neighbour]] = (0..<n).map { i in
            let others = (0..<n).filter { $0 != i }.map { Neighbour(label: examples[$0].label, similarity: sim[i][$0]) }
            return Array(Decider.sorted(others).prefix(k))
        }
        let floor = quantile(pairs, 0.5) ?? 0
        let top1 = loo.compactMap { $0.first.map { Double($0.similarity) } }
        let spread = max((quantile(top1, 0.5) ?? 1) - floor, 1e-6)

        let m = max(h.perLabel, 1)
        let negatives = (0..<n).filter { examples[$0].label == LabelledVector.noneLabel }
        let positions = positionIDs.map { id -> DecisionParameters.Position in
            let own = (0..<n).filter { examples[$0].label == id }
            let pos = own.map { Decider.labelScore(id, neighbours: loo[$0], perLabel: m) }
            let neg = negatives.map { Decider.labelScore(id, neighbours: loo[$0], perLabel: m) }
            let low = quantile(pos, h.positiveQuantile) ?? 1
            let background = quantile(neg, 0.5) ?? floor
            let threshold = min(background + h.closeness * (low - background), 1)
            // How far its own examples usually lead the counter-examples and the other positions.
            let counterLeads = own.map { pos[own.firstIndex(of: $0)!] - Decider.labelScore(LabelledVector.noneLabel, neighbours: loo[$0], perLabel: m) }
            let runnerUpLeads = own.map { i in
                pos[own.firstIndex(of: i)!] - (positionIDs.filter { $0 != id }
                    .map { Decider.labelScore($0, neighbours: loo[i], perLabel: m) }.max() ?? 0)
            }
            return .init(id: id, threshold: threshold, typicalScore: quantile(pos, 0.5) ?? low, exampleCount: own.count,
                         typicalCounterLead: quantile(counterLeads, 0.5), typicalRunnerUpLead: quantile(runnerUpLeads, 0.5))
        }
        return DecisionParameters(
            model: model, k: k, perLabel: m, positions: positions, floor: floor, spread: spread,
            ambiguityMargin: h.ambiguityFraction * spread, lexicalCheck: true, counterExampleCount: negatives.count)
    }

    /// Linear-interpolation quantile (numpy's default); nil for no values.
    static func quantile(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let position = min(max(q, 0), 1) * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] * (1 - fraction) + sorted[upper] * fraction
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        var s: Float = 0
        for i in 0..<min(a.count, b.count) { s += a[i] * b[i] }
        return s
    }
}
