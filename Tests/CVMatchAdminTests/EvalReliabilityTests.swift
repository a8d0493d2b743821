import Testing
@testable import CVMatchAdmin
@testable import CVMatchCore

@Suite struct EvalReliabilityTests {
    @Test func linesAreCountedPerScoreBand() {
        let lines: [EvalScorer.Line] = [
            .init(query: "a", expected: "pm", category: "c", predicted: "pm", score: 95),
            .init(query: "b", expected: "none", category: "c", predicted: "pm", score: 100),
            .init(query: "c", expected: "none", category: "c", predicted: "none", score: 0),
            .init(query: "d", expected: "backend", category: "c", predicted: "none", score: 49),
            .init(query: "e", expected: "ambiguous", category: "c", predicted: "pm", score: 70),
            .init(query: "f", expected: "none", category: "c", predicted: "none"),
        ]
        let table = ReliabilityTable(lines: lines)
        #expect(table.bands.count == 10)
        #expect(table.bands[9] == .init(low: 90, lines: 2, right: 1))
        #expect(table.bands[0] == .init(low: 0, lines: 1, right: 1))
        #expect(table.bands[4] == .init(low: 40, lines: 1, right: 0))
        #expect(table.bands[7].lines == 0)                      // ambiguous lines are not scored
        #expect(table.rows[9].hasPrefix("  90–100  lines    2  right    1  0.500"))
    }

    @Test func matchingStepsAreSwitchedOffByName() throws {
        #expect(try MatchingSteps(without: []) == .all)
        let steps = try MatchingSteps(without: ["spans", "dictionary"])
        #expect(!steps.roleSpans && steps.qualifiers && !steps.dictionaryGuard)
        #expect(throws: ConfigError.self) { try MatchingSteps(without: ["typo"]) }
    }
}
