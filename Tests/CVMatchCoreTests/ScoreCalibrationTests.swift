import Testing
@testable import CVMatchCore

@Suite struct ScoreCalibrationTests {
    /// One position fitted with a typical score of 0.92 and typical leads of 0.02 (counter-examples)
    /// and 0.03 (runner-up), in a compressed similarity range like a small multilingual model's.
    let decider = Decider(parameters: DecisionParameters(
        model: "m", k: 6, perLabel: 1,
        positions: [.init(id: "backend", threshold: 0.88, typicalScore: 0.92, exampleCount: 50,
                          typicalCounterLead: 0.02, typicalRunnerUpLead: 0.03),
                    .init(id: "pm", threshold: 0.88, typicalScore: 0.92, exampleCount: 50,
                          typicalCounterLead: 0.02, typicalRunnerUpLead: 0.03)],
        floor: 0.8, spread: 0.12, ambiguityMargin: 0.004, counterExampleCount: 100))

    func score(best: Float, none: Float, runnerUp: Float) -> MatchDecision {
        decider.decide(neighbours: [Neighbour(label: "backend", similarity: best), Neighbour(label: "none", similarity: none),
                                    Neighbour(label: "pm", similarity: runnerUp)])
    }

    @Test func aTypicalExampleScoresAFullHundred() {
        let typical = score(best: 0.92, none: 0.90, runnerUp: 0.89)
        #expect(typical.positionID == "backend" && typical.score == 100)
    }

    @Test func halfTheTypicalLeadStillReadsAsAClearMatch() {
        // Closer than a typical example, half its lead over the counter-examples: 50 + 50·√0.5 ≈ 85.
        let title = score(best: 0.94, none: 0.93, runnerUp: 0.90)
        #expect(title.positionID == "backend" && title.score >= 80 && title.score < 90)
    }

    @Test func theCutOffsStayAtFifty() {
        #expect(score(best: 0.94, none: 0.9401, runnerUp: 0.80).score < 50)
        let justOver = score(best: 0.94, none: 0.9399, runnerUp: 0.80)
        #expect(justOver.positionID == "backend" && justOver.score >= 50 && justOver.score < 60)
    }

    @Test func modelsFittedBeforeTheTypicalLeadsKeepTheOldScale() {
        let old = Decider(parameters: DecisionParameters(
            model: "m", k: 6, perLabel: 1,
            positions: [.init(id: "backend", threshold: 0.88, typicalScore: 0.92, exampleCount: 50)],
            floor: 0.8, spread: 0.12, ambiguityMargin: 0.004, counterExampleCount: 100))
        let decision = old.decide(neighbours: [Neighbour(label: "backend", similarity: 0.94), Neighbour(label: "none", similarity: 0.93)])
        // Lead 0.01 over half a spread (0.06): 50 + 50·0.01/0.06 ≈ 58.
        #expect(decision.positionID == "backend" && decision.score == 58)
    }
}
