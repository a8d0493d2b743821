/// The inclusive range of UTC days a report covers, validated.
public struct ReportRange: Sendable, Equatable {
    /// Days since 1970-01-01 of the first and last day.
    public let firstDay: Int
    public let lastDay: Int

    public var since: String { CalendarDay.day(ofDayNumber: firstDay) }
    public var until: String { CalendarDay.day(ofDayNumber: lastDay) }
    public var dayCount: Int { lastDay - firstDay + 1 }
    /// Every day of the range as `YYYY-MM-DD`, oldest first.
    public var days: [String] { (firstDay...lastDay).map(CalendarDay.day(ofDayNumber:)) }

    /// - Parameters:
    ///   - since: first day `YYYY-MM-DD`; default `defaultDays` days ending on `until`.
    ///   - until: last day `YYYY-MM-DD`; default `today`.
    ///   - today: the current UTC day number (`SystemClock.now() / 86_400`).
    public init(since: String?, until: String?, today: Int, defaultDays: Int = 30, maximumDays: Int) throws(ReportRangeError) {
        let last = try Self.dayNumber(until, name: "until") ?? today
        let first = try Self.dayNumber(since, name: "since") ?? last - (defaultDays - 1)
        guard first <= last else {
            throw ReportRangeError("since (\(CalendarDay.day(ofDayNumber: first))) is after until (\(CalendarDay.day(ofDayNumber: last)))")
        }
        guard last - first + 1 <= maximumDays else {
            throw ReportRangeError("the range has \(last - first + 1) days; at most \(maximumDays) are allowed")
        }
        firstDay = first
        lastDay = last
    }

    private static func dayNumber(_ text: String?, name: String) throws(ReportRangeError) -> Int? {
        guard let text, !text.isEmpty else { return nil }
        guard let days = CalendarDay.daysSinceEpoch(ofDay: text) else {
            throw ReportRangeError("\(name)=\(text) is not a date (YYYY-MM-DD)")
        }
        return days
    }
}

/// A report range that cannot be used, with a sentence saying why.
public struct ReportRangeError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
