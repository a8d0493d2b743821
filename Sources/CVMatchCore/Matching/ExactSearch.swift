/// Nearest examples by a full scan: what the RediSearch KNN query returns, computed in process.
public enum ExactSearch {
    /// The `k` most similar examples, best first.
    public static func nearest(to query: [Float], in examples: [LabelledVector], k: Int) -> [Neighbour] {
        var scored = examples.map { Neighbour(label: $0.label, similarity: Vector.dot(query, $0.vector)) }
        scored.sort { $0.similarity > $1.similarity }
        return Array(scored.prefix(k))
    }
}
