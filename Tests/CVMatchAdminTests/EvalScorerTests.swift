import Testing
@testable import CVMatchAdmin

@Suite struct EvalScorerTests {
    @Test func scoresLikeTheEvalPolicy() {
        var scorer = EvalScorer()
        let lines: [(String, String, String)] = [
            ("backend", "exact", "backend"), ("pm", "exact", "none"), ("none", "gibberish", "pm"),
            ("none", "injection", "none"), ("ambiguous", "ambiguous", "backend"), ("none", "unrelated", "none"),
        ]
        for (i, (expected, category, predicted)) in lines.enumerated() {
            scorer.add(.init(query: "q\(i)", expected: expected, category: category, predicted: predicted))
        }
        #expect(scorer.scored == 5)
        #expect(abs(scorer.accuracy - 0.6) < 1e-9)
        #expect(abs(scorer.gibberishAccept - 0.5) < 1e-9)
        #expect(scorer.summaryLine(positionIDs: ["backend", "pm"]) == "accuracy=0.600 gibberish_accept=0.500 ambiguous=backend:1,pm:0,none:0 scored=5")
        #expect(scorer.confusion()["pm"]?["none"] == 1)
        #expect(scorer.misses.map(\.query) == ["q1", "q2"])
    }

    @Test func formatsThreeDecimals() {
        #expect(EvalScorer.fixed3(0) == "0.000")
        #expect(EvalScorer.fixed3(0.95) == "0.950")
        #expect(EvalScorer.fixed3(0.8095) == "0.810")
        #expect(EvalScorer.fixed3(1) == "1.000")
    }
}
