import Testing
@testable import CVMatchCore

@Suite struct ReportRangeTests {
    /// 2024-04-01 as a day number.
    static let april1 = 19_814

    @Test func defaultsToThirtyDaysEndingToday() throws {
        let range = try ReportRange(since: nil, until: nil, today: Self.april1, maximumDays: 400)
        #expect(range.since == "2024-03-03")
        #expect(range.until == "2024-04-01")
        #expect(range.dayCount == 30)
        #expect(range.days.first == "2024-03-03" && range.days.last == "2024-04-01")
    }

    @Test func sinceAloneRunsToToday() throws {
        let range = try ReportRange(since: "2024-02-28", until: "", today: Self.april1, maximumDays: 400)
        #expect(range.days.prefix(3) == ["2024-02-28", "2024-02-29", "2024-03-01"])
        #expect(range.dayCount == 34)
    }

    @Test(arguments: ["2024-4-01", "2023-02-29", "2024-13-01", "yesterday", "2024-04-01T00:00:00Z"])
    func malformedDatesAreRefused(_ text: String) {
        #expect(throws: ReportRangeError("since=\(text) is not a date (YYYY-MM-DD)")) {
            try ReportRange(since: text, until: "2024-04-01", today: Self.april1, maximumDays: 400)
        }
    }

    @Test func sinceAfterUntilIsRefused() {
        #expect(throws: ReportRangeError("since (2024-04-02) is after until (2024-04-01)")) {
            try ReportRange(since: "2024-04-02", until: "2024-04-01", today: Self.april1, maximumDays: 400)
        }
    }

    @Test func rangesLongerThanTheMaximumAreRefused() throws {
        let year = try ReportRange(since: "2023-03-03", until: "2024-04-05", today: Self.april1, maximumDays: 400)
        #expect(year.dayCount == 400)
        #expect(throws: ReportRangeError("the range has 401 days; at most 400 are allowed")) {
            try ReportRange(since: "2023-03-02", until: "2024-04-05", today: Self.april1, maximumDays: 400)
        }
    }
}
