import CVMatchCore

/// Scores labelled queries (`{"q", "expect", "cat"}` lines; `expect` is a position id, `none` or
/// `ambiguous`): accuracy over non-ambiguous lines, per category and per label, a confusion matrix,
/// and the share of gibberish/off-topic/injection lines given a position (`gibberish_accept`).
public struct EvalScorer: Sendable {
    public static let ambiguousLabel = "ambiguous"
    public static let unsafeCategories: Set<String> = ["gibberish", "offtopic", "injection"]

    public struct Line: Sendable {
        public var query: String
        public var expected: String
        public var category: String
        public var predicted: String
        /// The 0–100 score the visitor saw; nil when the request was refused before matching.
        public var score: Int?

        public init(query: String, expected: String, category: String, predicted: String, score: Int? = nil) {
            self.query = query
            self.expected = expected
            self.category = category
            self.predicted = predicted
            self.score = score
        }
    }

    public private(set) var lines: [Line] = []

    public init() {}

    public mutating func add(_ line: Line) {
        lines.append(line)
    }

    private var scoredLines: [Line] { lines.filter { $0.expected != Self.ambiguousLabel } }

    public var scored: Int { scoredLines.count }

    public var accuracy: Double { Self.share(scoredLines) { $0.expected == $0.predicted } }

    public var gibberishAccept: Double {
        Self.share(lines.filter { Self.unsafeCategories.contains($0.category) }) { $0.predicted != LabelledVector.noneLabel }
    }

    /// Accuracy of scored lines grouped by `key`, sorted by group name: (group, correct, total).
    public func accuracy(by key: (Line) -> String) -> [(group: String, correct: Int, total: Int)] {
        Dictionary(grouping: scoredLines, by: key).map { group, items in
            (group, items.filter { $0.expected == $0.predicted }.count, items.count)
        }.sorted { $0.group < $1.group }
    }

    /// Counts of (expected, predicted) over scored lines.
    public func confusion() -> [String: [String: Int]] {
        var matrix: [String: [String: Int]] = [:]
        for line in scoredLines { matrix[line.expected, default: [:]][line.predicted, default: 0] += 1 }
        return matrix
    }

    /// What the ambiguous lines were given, by predicted label.
    public func ambiguousOutcomes() -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in lines where line.expected == Self.ambiguousLabel { counts[line.predicted, default: 0] += 1 }
        return counts
    }

    public var misses: [Line] { scoredLines.filter { $0.expected != $0.predicted } }

    /// The closing line: `accuracy=0.xxx gibberish_accept=0.xxx ambiguous=backend:N,pm:N,none:N scored=N`.
    public func summaryLine(positionIDs: [String]) -> String {
        let ambiguous = ambiguousOutcomes()
        let parts = (positionIDs + [LabelledVector.noneLabel]).map { "\($0):\(ambiguous[$0] ?? 0)" }
        return "accuracy=\(Self.fixed3(accuracy)) gibberish_accept=\(Self.fixed3(gibberishAccept)) ambiguous=\(parts.joined(separator: ",")) scored=\(scored)"
    }

    /// A value in [0, 1] with three decimals.
    public static func fixed3(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    private static func share(_ items: [Line], _ predicate: (Line) -> Bool) -> Double {
        items.isEmpty ? 0 : Double(items.filter(predicate).count) / Double(items.count)
    }
}
