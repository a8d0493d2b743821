#if canImport(Glibc)
import Glibc
#endif

/// Ending the process.
public enum SystemProcess {
    /// Exits with `status` (after a fatal start-up error has been logged).
    public static func exit(_ status: Int32) -> Never {
        Glibc.exit(status)
    }
}
