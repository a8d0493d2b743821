import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real `redis-server` (Debian's, or `$CVMATCH_TEST_REDIS_SERVER`) on a private unix socket in a
/// temporary directory, stopped by PID when the fixture goes away. No persistence. Started with
/// `posix_spawn` and reaped with `waitpid` (Foundation's `Process` can hang in `waitUntilExit`
/// while the test runner exits).
final class RedisServerFixture {
    let directory: String
    let socketPath: String
    private let pid: pid_t

    init() throws {
        directory = NSTemporaryDirectory() + "cvmatch-apptest-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        socketPath = directory + "/redis.sock"
        let binary = ProcessInfo.processInfo.environment["CVMATCH_TEST_REDIS_SERVER"] ?? "/usr/bin/redis-server"
        let arguments = [binary, "--port", "0", "--unixsocket", socketPath, "--unixsocketperm", "700", "--save", "",
                         "--appendonly", "no", "--dir", directory, "--logfile", directory + "/redis.log"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The test runner's threads block signals and a spawned child inherits that mask: give the
        // server an empty one, or it would ignore the SIGTERM that stops it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var child: pid_t = 0
        let status = posix_spawn(&child, binary, nil, &attributes, &argv, environ)
        guard status == 0 else { throw FixtureError("cannot start \(binary): \(String(cString: strerror(status)))") }
        pid = child
        // The socket file appears at bind(), a moment before listen(): wait until it accepts.
        for _ in 0..<1000 where !Self.accepts(socketPath) {
            usleep(5_000)
        }
        guard Self.accepts(socketPath) else {
            stop()
            throw FixtureError("redis-server did not open \(socketPath)")
        }
    }

    private static func accepts(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func stop() {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
