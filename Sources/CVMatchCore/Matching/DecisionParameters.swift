/// Everything the ``Decider`` needs besides the query, fitted by ``DecisionFitter`` from the stored
/// example vectors at populate time. No value here is a constant tuned to one embedding model:
/// similarities (`floor`, `spread`, thresholds, margins) are all measured on the examples, so switching
/// models only needs re-populating and re-fitting.
public struct DecisionParameters: Codable, Sendable, Equatable {
    /// The fitted cut-off for one position.
    public struct Position: Codable, Sendable, Equatable {
        public var id: String
        /// Minimum label score (mean of the best `perLabel` similarities) for a match.
        public var threshold: Double
        /// Median leave-one-out label score of this position's own examples (informational).
        public var typicalScore: Double
        /// Number of example vectors (title included) the position was fitted on.
        public var exampleCount: Int
        /// Median leave-one-out lead of this position's own examples over the counter-examples,
        /// `a(P) − a(N)`: what "clearly this position" looks like (score calibration; nil in old data).
        public var typicalCounterLead: Double?
        /// Median leave-one-out lead of its own examples over the runner-up position (nil in old data).
        public var typicalRunnerUpLead: Double?

        public init(id: String, threshold: Double, typicalScore: Double, exampleCount: Int,
                    typicalCounterLead: Double? = nil, typicalRunnerUpLead: Double? = nil) {
            self.id = id
            self.threshold = threshold
            self.typicalScore = typicalScore
            self.exampleCount = exampleCount
            self.typicalCounterLead = typicalCounterLead
            self.typicalRunnerUpLead = typicalRunnerUpLead
        }
    }

    /// Embedding model the vectors (and so these numbers) came from.
    public var model: String
    /// How many global nearest neighbours (over all stored vectors) a decision looks at.
    public var k: Int
    /// How many of a label's best neighbours are averaged into its label score.
    public var perLabel: Int
    /// Positions in their configured order (ties go to the earlier one).
    public var positions: [Position]
    /// Background similarity: median similarity of two unrelated stored examples.
    public var floor: Double
    /// Median nearest-neighbour similarity minus `floor`: the model's useful similarity range.
    public var spread: Double
    /// Required lead of the best position over the runner-up position (a fraction of `spread`).
    public var ambiguityMargin: Double
    /// Whether ``LexicalCheck`` runs before the vectors are considered.
    public var lexicalCheck: Bool
    /// Number of counter-example vectors the parameters were fitted with.
    public var counterExampleCount: Int

    public init(
        model: String, k: Int, perLabel: Int, positions: [Position], floor: Double, spread: Double,
        ambiguityMargin: Double, lexicalCheck: Bool = true, counterExampleCount: Int
    ) {
        self.model = model
        self.k = k
        self.perLabel = perLabel
        self.positions = positions
        self.floor = floor
        self.spread = spread
        self.ambiguityMargin = ambiguityMargin
        self.lexicalCheck = lexicalCheck
        self.counterExampleCount = counterExampleCount
    }

    /// The fitted threshold of a position, if it is known.
    public func threshold(for positionID: String) -> Double? {
        positions.first { $0.id == positionID }?.threshold
    }
}
