import FoundationEssentials

/// One stored example vector: a phrasing of a position (label = the position id)
/// or a counter-example (label = `LabelledVector.noneLabel`).
///
/// In JSON (the stored `MatcherModel`) the vector is the base64 of its float32 little-endian blob
/// (`Vector.blob`): exact, a third of the size of decimal numbers and decoded without parsing
/// them, so loading a matcher of 500 examples stays small and quick. A list of numbers (what
/// matchers populated before stored) is read too.
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

    private enum CodingKeys: String, CodingKey { case label, text, vector }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        label = try c.decode(String.self, forKey: .label)
        text = try c.decode(String.self, forKey: .text)
        if let encoded = try? c.decode(String.self, forKey: .vector) {
            guard let bytes = Data(base64Encoded: encoded), let floats = Vector.fromBlob(Array(bytes)) else {
                throw DecodingError.dataCorruptedError(forKey: .vector, in: c, debugDescription: "not a base64 float32 blob")
            }
            vector = floats
        } else {
            vector = try c.decode([Float].self, forKey: .vector)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(label, forKey: .label)
        try c.encode(text, forKey: .text)
        try c.encode(Data(Vector.blob(vector)).base64EncodedString(), forKey: .vector)
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
