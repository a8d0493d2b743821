import CVMatchRedis
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
        // Ready when it answers PING (the socket file appears a moment before the server listens).
        let probe = RedisConnection(address: .unix(path: socketPath), timeoutMilliseconds: 200)
        var ready = false
        for _ in 0..<1000 where !ready {
            ready = (try? probe.send("PING"))?.text == "PONG"
            if !ready { usleep(5_000) }
        }
        guard ready else {
            stop()
            throw FixtureError("redis-server did not open \(socketPath)")
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
