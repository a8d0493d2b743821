#if canImport(Glibc)
import Glibc
#endif
import CVMatchCore

/// The process's clocks and sleeping: the only place that reads the time.
public enum SystemClock {
    /// Seconds since the Unix epoch.
    public static func now() -> Int {
        Int(time(nil))
    }

    /// A monotonic reading in nanoseconds, for durations.
    public static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Blocks the calling thread.
    public static func sleep(milliseconds: Int) {
        usleep(UInt32(max(0, milliseconds)) * 1000)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for now.
    public static func isoTimestamp() -> String {
        CalendarDay.isoTimestamp(of: now())
    }
}
