import CVMatchCore

/// Prints an eval's per-category and per-label accuracy and its confusion matrix as text tables.
public struct EvalPrinter {
    public let scorer: EvalScorer
    public let labels: [String]

    public init(scorer: EvalScorer, labels: [String]) {
        self.scorer = scorer
        self.labels = labels
    }

    public func printTables() {
        print("per category:")
        for row in scorer.accuracy(by: \.category) { printRow(row) }
        print("per label:")
        for row in scorer.accuracy(by: \.expected) { printRow(row) }
        print("confusion (rows expected, columns predicted):")
        let matrix = scorer.confusion()
        print(pad("", 10) + labels.map { pad($0, 9) }.joined())
        for expected in labels {
            print(pad(expected, 10) + labels.map { pad(String(matrix[expected]?[$0] ?? 0), 9) }.joined())
        }
    }

    private func printRow(_ row: (group: String, correct: Int, total: Int)) {
        let share = row.total == 0 ? 0 : Double(row.correct) / Double(row.total)
        print("  \(pad(row.group, 14)) \(EvalScorer.fixed3(share))  (\(row.correct)/\(row.total))")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
