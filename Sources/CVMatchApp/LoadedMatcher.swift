import CVMatchCore

/// One populated matcher, ready to decide: the stored model plus everything derived from it once
/// (decider, role-span extractor, qualifier rule, spelling corrector, the examples as one
/// contiguous `ExampleMatrix`). Immutable, so every worker thread of a process reads the same one.
public final class LoadedMatcher: Sendable {
    /// The stored model without its examples: their vectors are kept once, in `examples` (the
    /// decoded examples' own vectors were a second megabyte per process, issue 12).
    public let model: MatcherModel
    public let decider: Decider
    public let extractor: RoleSpanExtractor
    public let qualifier: TitleQualifier
    public let corrector: SpellingCorrector
    public let examples: ExampleMatrix
    /// Row of each example text in `examples` (the first, for a text given twice).
    private let exampleRows: [String: Int]

    public init(model: MatcherModel, steps: MatchingSteps) {
        decider = Decider(parameters: model.parameters)
        let cues = model.roleCues ?? .none
        extractor = RoleSpanExtractor(cues: cues)
        qualifier = TitleQualifier(cues: cues)
        corrector = SpellingCorrector(vocabulary: model.examples.map(\.text),
                                      protectedWords: steps.dictionaryGuard ? Set(model.protectedWords ?? []) : [])
        examples = ExampleMatrix(model.examples, dimension: model.dimension)
        var rows: [String: Int] = [:]
        for (row, text) in examples.texts.enumerated() where rows[text] == nil { rows[text] = row }
        exampleRows = rows
        var withoutExamples = model
        withoutExamples.examples = []
        self.model = withoutExamples
    }

    public var version: String { model.version }

    /// The stored vector of the populated example `text`, for the budget meter's "a populated
    /// example costs nothing" rule; nil when no example has that text.
    public func exampleVector(_ text: String) -> [Float]? {
        exampleRows[text].map(examples.vector(at:))
    }
}
