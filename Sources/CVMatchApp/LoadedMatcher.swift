import CVMatchCore

/// One populated matcher, ready to decide: the stored model plus everything derived from it once
/// (decider, role-span extractor, qualifier rule, spelling corrector, the examples as one
/// contiguous `ExampleMatrix`). Immutable, so every worker thread of a process reads the same one.
public final class LoadedMatcher: Sendable {
    public let model: MatcherModel
    public let decider: Decider
    public let extractor: RoleSpanExtractor
    public let qualifier: TitleQualifier
    public let corrector: SpellingCorrector
    public let examples: ExampleMatrix
    /// The examples' texts, for the budget meter's "a populated example costs nothing" rule.
    public let exampleVectors: [String: [Float]]

    public init(model: MatcherModel, steps: MatchingSteps) {
        self.model = model
        decider = Decider(parameters: model.parameters)
        let cues = model.roleCues ?? .none
        extractor = RoleSpanExtractor(cues: cues)
        qualifier = TitleQualifier(cues: cues)
        corrector = SpellingCorrector(vocabulary: model.examples.map(\.text),
                                      protectedWords: steps.dictionaryGuard ? Set(model.protectedWords ?? []) : [])
        examples = ExampleMatrix(model.examples, dimension: model.dimension)
        var vectors: [String: [Float]] = [:]
        for example in model.examples where vectors[example.text] == nil { vectors[example.text] = example.vector }
        exampleVectors = vectors
    }

    public var version: String { model.version }
}
