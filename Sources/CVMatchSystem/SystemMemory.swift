#if canImport(Glibc)
import Glibc
#endif

/// The process's own memory: what the kernel reports it uses, and glibc's allocator tuned for a
/// long-running pool of worker threads that must stay small.
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

    /// Caps glibc's malloc arenas (by default up to 8 per core, one per thread that allocates while
    /// another holds an arena): each arena keeps its own free memory, so a request that peaked in
    /// one thread's arena stays resident there. Call before starting threads.
    public static func limitArenas(_ count: Int32) {
        _ = glibcMallopt(mArenaMax, count)
    }

    /// Returns the free memory at the top of each arena and whole free pages inside them to the
    /// system (after a one-off peak, such as decoding the matcher).
    public static func releaseFree() {
        _ = glibcMallocTrim(0)
    }

    /// `M_ARENA_MAX` of glibc's `<malloc.h>`, which the Glibc module does not export.
    private static let mArenaMax: Int32 = -8
}

// glibc's <malloc.h> functions (not in Swift's Glibc module); plain C ABI, int arguments.
@_silgen_name("mallopt") private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
@_silgen_name("malloc_trim") private func glibcMallocTrim(_ pad: Int) -> Int32
