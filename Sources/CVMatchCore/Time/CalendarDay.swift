/// UTC calendar arithmetic on Unix seconds and day numbers; the time itself is always given
/// (`SystemClock` in CVMatchSystem reads it).
public enum CalendarDay {
    /// The UTC calendar day of a Unix time, as `YYYY-MM-DD`.
    public static func day(of seconds: Int) -> String {
        let (y, m, d) = civilDate(daysSinceEpoch: floorDiv(seconds, 86_400))
        return "\(y)-\(pad2(m))-\(pad2(d))"
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` of a Unix time.
    public static func isoTimestamp(of seconds: Int) -> String {
        let secondOfDay = seconds - floorDiv(seconds, 86_400) * 86_400
        return "\(day(of: seconds))T\(pad2(secondOfDay / 3600)):\(pad2(secondOfDay / 60 % 60)):\(pad2(secondOfDay % 60))Z"
    }

    /// Parses `YYYY-MM-DD` into days since 1970-01-01; nil when malformed or not a real date.
    public static func daysSinceEpoch(ofDay text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1
        else { return nil }
        let days = daysFromCivil(year: y, month: m, day: d)
        let (ry, rm, rd) = civilDate(daysSinceEpoch: days)
        return (ry, rm, rd) == (y, m, d) ? days : nil
    }

    /// `YYYY-MM-DD` of a day number.
    public static func day(ofDayNumber days: Int) -> String {
        day(of: days * 86_400)
    }

    private static func pad2(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    // Howard Hinnant's civil-from-days / days-from-civil algorithms.
    private static func civilDate(daysSinceEpoch z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
