/// Decides a long text from its role spans (``RoleSpanExtractor``), so the role being hired
/// outweighs roles mentioned in passing.
///
/// Sources are tried strongest first (label, title line, opener, suffix). Within a
/// source the spans most like a stored example (highest top-1 similarity) go first. The first span
/// whose decision is not `tooFar` (it reads like some role, wanted or not) decides; when every span
/// is too far from all examples, the strongest span's decision stands.
public enum RoleSpanChooser {
    /// One span with its nearest examples (best first).
    public struct Candidate: Sendable {
        public var span: RoleSpan
        public var neighbours: [Neighbour]

        public init(span: RoleSpan, neighbours: [Neighbour]) {
            self.span = span
            self.neighbours = neighbours
        }
    }

    /// The index of the deciding candidate and its decision; nil for no candidates.
    public static func choose(_ candidates: [Candidate], decider: Decider) -> (index: Int, decision: MatchDecision)? {
        let ordered = candidates.indices.sorted { a, b in
            let x = candidates[a], y = candidates[b]
            if x.span.source != y.span.source { return x.span.source < y.span.source }
            let sx = x.neighbours.first?.similarity ?? -1, sy = y.neighbours.first?.similarity ?? -1
            return sx != sy ? sx > sy : a < b
        }
        var first: (Int, MatchDecision)?
        for index in ordered {
            let decision = decider.decide(neighbours: candidates[index].neighbours)
            if decision.reason != .tooFar { return (index, decision) }
            if first == nil { first = (index, decision) }
        }
        return first
    }
}
