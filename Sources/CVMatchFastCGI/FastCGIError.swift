#if canImport(Glibc)
import Glibc
#endif

/// Why the FastCGI server could not start: libfcgi's or the system's failure, with `strerror`'s words.
public enum FastCGIError: Error, CustomStringConvertible {
    /// `FCGX_Init` failed.
    case initialisation
    /// A system call failed with `errno` `code`.
    case system(String, code: Int32)

    public var description: String {
        switch self {
        case .initialisation: return "FCGX_Init failed"
        case .system(let what, let code): return "\(what): \(String(cString: strerror(code))) (errno \(code))"
        }
    }
}
