#if canImport(Glibc)
import Glibc
#endif

/// The process's own memory use, as the kernel reports it.
public enum SystemMemory {
    /// Resident set size in bytes (`/proc/self/statm`'s second field times the page size); nil
    /// where that file cannot be read.
    public static func residentBytes() -> UInt64? {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 128) }
        guard count > 0 else { return nil }
        let fields = String(decoding: buffer[0..<count], as: UTF8.self).split(separator: " ")
        guard fields.count > 1, let pages = UInt64(fields[1]) else { return nil }
        return pages * UInt64(sysconf(Int32(_SC_PAGESIZE)))
    }
}
