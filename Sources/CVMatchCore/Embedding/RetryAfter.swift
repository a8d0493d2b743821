/// How long a server asks to be left alone before the next attempt, from its answer's headers:
/// `retry-after-ms` (OpenAI, Azure OpenAI: milliseconds, may be fractional), else `Retry-After` as
/// seconds or as an HTTP date (RFC 9110: `Sun, 06 Nov 1994 08:49:37 GMT`). Nil when neither is
/// usable; never negative.
public enum RetryAfter {
    /// - Parameters:
    ///   - header: the value of a response header by name (case-insensitive), nil when absent.
    ///   - now: the current Unix time in seconds (for the date form).
    public static func milliseconds(header: (String) -> String?, now: Int) -> Int? {
        if let text = header("retry-after-ms")?.trimmingWhitespace(), let ms = Double(text), ms.isFinite {
            return max(0, Int(ms.rounded(.up)))
        }
        guard let text = header("Retry-After")?.trimmingWhitespace(), !text.isEmpty else { return nil }
        if let seconds = Int(text) { return max(0, seconds) * 1000 }
        return httpDate(text).map { max(0, $0 - now) * 1000 }
    }

    /// Unix seconds of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`); nil otherwise.
    static func httpDate(_ text: String) -> Int? {
        let parts = text.split(separator: " ")
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard parts.count == 6, parts[5] == "GMT", parts[1].count == 2,
              let month = months.firstIndex(of: String(parts[2])), parts[3].count == 4,
              let days = CalendarDay.daysSinceEpoch(ofDay: "\(parts[3])-\(month < 9 ? "0" : "")\(month + 1)-\(parts[1])")
        else { return nil }
        let clock = parts[4].split(separator: ":")
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
              let h = Int(clock[0]), let m = Int(clock[1]), let s = Int(clock[2]), h < 24, m < 60, s < 61
        else { return nil }
        return days * 86_400 + h * 3600 + m * 60 + s
    }
}
