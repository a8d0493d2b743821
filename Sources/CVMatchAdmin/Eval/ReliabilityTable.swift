/// How far a score can be trusted: the scored eval lines per band of ten points (0–9 … 90–100),
/// with how many of them were decided right. A band of refusals (below 50) is right when the line
/// expected no position; a band of matches when the matched position was the expected one.
public struct ReliabilityTable: Sendable, Equatable {
    public struct Band: Sendable, Equatable {
        /// Lowest score of the band (0, 10, …, 90; the 90 band includes 100).
        public var low: Int
        public var lines: Int
        public var right: Int
    }

    public let bands: [Band]

    /// Bands of the scored lines (ambiguous and unscored lines left out), lowest first.
    public init(lines: [EvalScorer.Line]) {
        var bands = (0..<10).map { Band(low: $0 * 10, lines: 0, right: 0) }
        for line in lines where line.expected != EvalScorer.ambiguousLabel {
            guard let score = line.score else { continue }
            let band = min(max(score, 0) / 10, 9)
            bands[band].lines += 1
            if line.expected == line.predicted { bands[band].right += 1 }
        }
        self.bands = bands
    }

    /// One row per band: `50–59  lines 12  right 11  0.917`; empty bands say so.
    public var rows: [String] {
        bands.map { band in
            let range = "\(band.low)–\(band.low == 90 ? 100 : band.low + 9)"
            let share = band.lines == 0 ? "  —" : EvalScorer.fixed3(Double(band.right) / Double(band.lines))
            let pad = { (text: String, width: Int) in String(repeating: " ", count: max(0, width - text.count)) + text }
            return "  \(pad(range, 6))  lines \(pad(String(band.lines), 4))  right \(pad(String(band.right), 4))  \(share)"
        }
    }
}
