/// One stored example vector: a phrasing of a position (label = the position id)
/// or a counter-example (label = `LabelledVector.noneLabel`).
public struct LabelledVector: Sendable, Codable, Equatable {
    /// The label counter-examples carry.
    public static let noneLabel = "none"

    public var label: String
    public var text: String
    public var vector: [Float]

    public init(label: String, text: String, vector: [Float]) {
        self.label = label
        self.text = text
        self.vector = vector
    }
}

/// A stored example near a query, as vector search returns it (best first).
public struct Neighbour: Sendable, Equatable {
    public var label: String
    /// Cosine similarity in [-1, 1].
    public var similarity: Float

    public init(label: String, similarity: Float) {
        self.label = label
        self.similarity = similarity
    }
}
