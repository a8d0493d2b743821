/// The two embedding-budget windows a moment falls in — its UTC hour and its UTC day — with their
/// ends and the lifetimes of their counters (`RedisKeys.budgetHour`, `RedisKeys.budgetDay`). Pure: the moment is given, so tests roll windows over without waiting.
public struct BudgetWindows: Sendable, Equatable {
    /// The UTC hour, `YYYY-MM-DDTHH`.
    public let hour: String
    /// The UTC day, `YYYY-MM-DD`.
    public let day: String
    /// Unix time the hour window ends (the next hour starts).
    public let hourEnds: Int
    /// Unix time the day window ends (the next UTC midnight).
    public let dayEnds: Int

    public init(now: Int) {
        let hourStart = Self.floor(now, 3600)
        let dayStart = Self.floor(now, 86_400)
        let hourOfDay = (hourStart - dayStart) / 3600
        day = CalendarDay.day(of: now)
        hour = day + "T" + (hourOfDay < 10 ? "0" : "") + String(hourOfDay)
        hourEnds = hourStart + 3600
        dayEnds = dayStart + 86_400
    }

    /// Each key outlives its window by one more window, so the owner can still read the last one.
    public var hourKeyExpiresAt: Int { hourEnds + 3600 }
    public var dayKeyExpiresAt: Int { dayEnds + 86_400 }

    /// `YYYY-MM-DDTHH:00:00Z` of a whole-hour Unix time (a window's end).
    public static func timestamp(ofHour seconds: Int) -> String {
        BudgetWindows(now: seconds).hour + ":00:00Z"
    }

    private static func floor(_ value: Int, _ unit: Int) -> Int {
        value >= 0 ? value / unit * unit : -((-value + unit - 1) / unit) * unit
    }
}
