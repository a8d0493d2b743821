#if canImport(Glibc)
import Glibc
#endif

/// The listening socket systemd hands a socket-activated service (`sd_listen_fds(3)`): when
/// `LISTEN_PID` is this process and `LISTEN_FDS` is 1, it is file descriptor 3. The socket unit keeps
/// it open across restarts, so connections made meanwhile wait in its queue instead of failing.
enum SystemdSocket {
    static let descriptor: Int32 = 3

    /// The inherited listening socket and the path it is bound to; nil when systemd passed none.
    /// Clears the `LISTEN_*` variables, as `sd_listen_fds(1)` does.
    static func inherited() throws -> (descriptor: Int32, path: String)? {
        guard let pidText = getenv("LISTEN_PID").map({ String(cString: $0) }),
              let countText = getenv("LISTEN_FDS").map({ String(cString: $0) }) else { return nil }
        defer {
            unsetenv("LISTEN_PID")
            unsetenv("LISTEN_FDS")
            unsetenv("LISTEN_FDNAMES")
        }
        guard Int32(pidText) == getpid() else { return nil }      // meant for another process
        guard countText == "1" else {
            throw FastCGIError.system("systemd passed LISTEN_FDS=\(countText) sockets; the unit must listen on exactly one", code: EINVAL)
        }
        var listening: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) == 0, listening == 1 else {
            throw FastCGIError.system("file descriptor \(descriptor) from systemd is not a listening socket", code: errno)
        }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        return (descriptor, boundPath(descriptor) ?? "(systemd socket)")
    }

    /// The unix path `descriptor` is bound to, if it has one.
    private static func boundPath(_ descriptor: Int32) -> String? {
        var address = sockaddr_un()
        var size = socklen_t(MemoryLayout<sockaddr_un>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &size) == 0 }
        }
        guard named, address.sun_family == sa_family_t(AF_UNIX) else { return nil }
        let path = withUnsafeBytes(of: address.sun_path) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return path.isEmpty ? nil : path
    }
}
