import Testing
@testable import CVMatchCore

@Suite struct ReportQueryTallyTests {
    @Test func countsAddUpAcrossDaysAndTheNewestOutcomeWins() {
        var tally = QueryTally()
        tally.add(counts: [("backend developer", 3), ("nurse", 1)])
        tally.record(outcomes: [("backend developer", "71|matched|backend"), ("nurse", "12|counterExample|")])
        tally.add(counts: [("backend developer", 2), ("product manager", 5), ("zero", 0)])
        tally.record(outcomes: [("backend developer", "88|matched|backend"), ("product manager", "90|matched|product")])
        #expect(tally.top(10) == [
            QueryRow(query: "backend developer", attempts: 5, score: 88, outcome: "matched", position: "backend"),
            QueryRow(query: "product manager", attempts: 5, score: 90, outcome: "matched", position: "product"),
            QueryRow(query: "nurse", attempts: 1, score: 12, outcome: "counterExample", position: nil),
        ])
        #expect(tally.top(1).map(\.query) == ["backend developer"])
    }

    @Test func queriesWithoutAStoredOutcomeHaveNone() {
        var tally = QueryTally()
        tally.add(counts: [("gone", 2)])
        #expect(tally.top(5) == [QueryRow(query: "gone", attempts: 2)])
    }
}
