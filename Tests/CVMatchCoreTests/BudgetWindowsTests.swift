import Testing
@testable import CVMatchCore

/// The budget windows are computed from a given clock value, so hour and day rollovers are
/// checked at exact instants instead of by waiting.
@Suite struct BudgetWindowsTests {
    /// 2024-02-29T00:00:00Z (a leap day).
    static let leapDay = 1_709_164_800

    @Test func aMomentFallsInItsUTCHourAndDay() {
        let w = BudgetWindows(now: Self.leapDay + 10 * 3600 + 1234)
        #expect(w.hour == "2024-02-29T10" && w.day == "2024-02-29")
        #expect(w.hourEnds == Self.leapDay + 11 * 3600)
        #expect(w.dayEnds == Self.leapDay + 86_400)
    }

    @Test func theHourRollsOverOnTheHourAndTheDayStays() {
        let last = BudgetWindows(now: Self.leapDay + 11 * 3600 - 1)
        let next = BudgetWindows(now: Self.leapDay + 11 * 3600)
        #expect(last.hour == "2024-02-29T10" && next.hour == "2024-02-29T11")
        #expect(last.hour != next.hour)
        #expect(last.day == next.day)
        #expect(last.hourEnds == next.hourEnds - 3600)
    }

    @Test func theDayRollsOverAtUTCMidnightWithItsHour() {
        let last = BudgetWindows(now: Self.leapDay + 86_400 - 1)
        let next = BudgetWindows(now: Self.leapDay + 86_400)
        #expect(last.hour == "2024-02-29T23" && last.day == "2024-02-29")
        #expect(next.hour == "2024-03-01T00" && next.day == "2024-03-01")
        #expect(last.day != next.day && last.hour != next.hour)
        #expect(last.dayEnds == next.dayEnds - 86_400)
    }

    @Test func everyMomentOfAWindowSharesItsNamesAndEnd() {
        let start = BudgetWindows(now: Self.leapDay + 5 * 3600)
        for offset in stride(from: 0, to: 3600, by: 97) {
            #expect(BudgetWindows(now: Self.leapDay + 5 * 3600 + offset) == start)
        }
    }

    @Test func keysOutliveTheirWindowByOneWindow() {
        let w = BudgetWindows(now: Self.leapDay + 3 * 3600 + 5)
        #expect(w.hourKeyExpiresAt == w.hourEnds + 3600)
        #expect(w.dayKeyExpiresAt == w.dayEnds + 86_400)
    }

    @Test func windowEndsReadAsTimestamps() {
        #expect(BudgetWindows.timestamp(ofHour: Self.leapDay + 11 * 3600) == "2024-02-29T11:00:00Z")
        #expect(BudgetWindows.timestamp(ofHour: Self.leapDay + 86_400) == "2024-03-01T00:00:00Z")
    }

    @Test func theSpentMessageNamesTheVariableAndTheEnd() {
        let spent = BudgetSpent(window: .hour, limit: 3, refusalsInWindow: 1, resetsAt: Self.leapDay + 11 * 3600)
        #expect(spent.variable == "CVMATCH_EMBED_BUDGET_PER_HOUR")
        #expect(spent.description.hasPrefix("embedding budget spent: 3 calls this hour (CVMATCH_EMBED_BUDGET_PER_HOUR=3)"))
        #expect(spent.description.contains("until 2024-02-29T11:00:00Z"))
        #expect(BudgetSpent(window: .day, limit: 9, refusalsInWindow: 2, resetsAt: 0).variable == "CVMATCH_EMBED_BUDGET_PER_DAY")
    }
}

@Suite struct EmbeddingBudgetSettingsTests {
    @Test func defaultsAreSizedForAPersonalSite() throws {
        let budget = try EmbeddingBudget(environment: EnvironmentReader([:]))
        #expect(budget == EmbeddingBudget(callsPerHour: 300, callsPerDay: 2000))
        #expect(budget.summary == "300 calls/hour, 2000 calls/day")
    }

    @Test func zeroMeansUnlimited() throws {
        let budget = try EmbeddingBudget(environment: EnvironmentReader(["CVMATCH_EMBED_BUDGET_PER_HOUR": "0",
                                                                          "CVMATCH_EMBED_BUDGET_PER_DAY": "50"]))
        #expect(budget == EmbeddingBudget(callsPerHour: 0, callsPerDay: 50))
        #expect(budget.summary == "unlimited/hour, 50 calls/day")
    }

    @Test(arguments: ["-1", "ten", "1e3", "200000000"])
    func badBudgetsAreRefusedNamingTheVariable(_ value: String) {
        #expect(throws: ConfigError.self) {
            try EmbeddingBudget(environment: EnvironmentReader(["CVMATCH_EMBED_BUDGET_PER_DAY": value]))
        }
    }

    @Test func thePriceIsOptionalAndMustBeANumber() throws {
        #expect(try EmbeddingPrice.perMillionTokens(environment: EnvironmentReader([:])) == nil)
        #expect(try EmbeddingPrice.perMillionTokens(environment: EnvironmentReader(["CVMATCH_EMBED_PRICE_PER_MTOK": " 0.02 "])) == 0.02)
        for bad in ["free", "-1", "nan", "inf", "20000"] {
            #expect(throws: ConfigError.self) {
                try EmbeddingPrice.perMillionTokens(environment: EnvironmentReader(["CVMATCH_EMBED_PRICE_PER_MTOK": bad]))
            }
        }
        #expect(EmbeddingPrice.cost(tokens: 2_500_000, price: 0.02) == 0.05)
    }

    @Test func tokensAreEstimatedAtFourBytesEachWhenTheServerReportsNone() {
        #expect(EmbeddingSpend.estimatedTokens("") == 1)
        #expect(EmbeddingSpend.estimatedTokens("abcd") == 1)
        #expect(EmbeddingSpend.estimatedTokens("abcde") == 2)
        #expect(EmbeddingSpend.estimatedTokens("query: backend developer") == 6)
        #expect(EmbeddingSpend.estimatedTokens("后端开发") == 3)   // 12 bytes of UTF-8
    }
}
