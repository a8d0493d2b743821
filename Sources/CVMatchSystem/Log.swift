#if canImport(Glibc)
import Glibc
#endif
import CVMatchCore

/// Line-oriented logging to standard error, one `write(2)` per line so threads never interleave.
/// Callers never pass secrets or tokens here.
public enum Log {
    public static func info(_ message: String) { emit("info", message) }
    public static func error(_ message: String) { emit("error", message) }

    private static func emit(_ level: String, _ message: String) {
        var line = "\(SystemClock.isoTimestamp()) \(level) \(message)\n"
        line.withUTF8 { buffer in
            _ = write(2, buffer.baseAddress, buffer.count)
        }
    }
}
