import Foundation
import Testing
@testable import Shared

/// `BudgetScript` against a real, private Redis (Debian's redis-server on a temporary unix socket),
/// with the clock given: a spent hour or day budget is available again in the next window without
/// any waiting, refusals are counted per window, and keys carry their expiry.
@Suite(.serialized) struct BudgetScriptTests {
    /// Midnight (UTC) two days from now: the given clock must lie ahead of the server's, or the
    /// script's EXPIREAT would delete the keys at once.
    static let midnight = (Clock.now() / 86_400 + 2) * 86_400
    /// 10:15 that day.
    static let morning = midnight + 10 * 3600 + 900

    /// A throwaway redis-server (posix_spawn, no Foundation `Process`: its `waitUntilExit` hangs
    /// under Swift Testing); stopped and removed when the test ends.
    final class PrivateRedis {
        let pid: pid_t
        let directory: String
        let connection: RedisConnection

        init() throws {
            directory = NSTemporaryDirectory() + "cvmatch-budget-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let socket = directory + "/redis.sock"
            let server = "/usr/bin/redis-server"
            guard FileManager.default.isExecutableFile(atPath: server) else {
                throw ConfigError("\(server) is missing (apt-get install redis-server, or make setup)")
            }
            let arguments = [server, "--port", "0", "--unixsocket", socket, "--unixsocketperm", "700", "--dir", directory,
                             "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", directory + "/redis.log"]
            var argv = arguments.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var child: pid_t = 0
            let status = posix_spawn(&child, server, nil, nil, &argv, environ)
            guard status == 0 else { throw ConfigError("cannot start \(server): error \(status)") }
            pid = child
            connection = RedisConnection(address: .unix(path: socket))
            for _ in 0..<100 where (try? connection.send("PING"))?.text != "PONG" { usleep(50_000) }
        }

        deinit {
            kill(pid, SIGKILL)   // nothing to keep; SIGTERM may be blocked in the mask the child inherits
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    static func charge(_ redis: RedisConnection, _ budget: EmbeddingBudget, at now: Int) -> BudgetSpent? {
        do {
            try BudgetScript.charge(on: redis, budget: budget, now: now)
            return nil
        } catch let spent as BudgetSpent {
            return spent
        } catch {
            Issue.record("charge failed: \(error)")
            return nil
        }
    }

    @Test func anHourBudgetIsSpentThenRollsOverOnTheHour() throws {
        let redis = try PrivateRedis()
        let budget = EmbeddingBudget(callsPerHour: 2, callsPerDay: 0)
        #expect(Self.charge(redis.connection, budget, at: Self.morning) == nil)
        #expect(Self.charge(redis.connection, budget, at: Self.morning + 60) == nil)
        let first = Self.charge(redis.connection, budget, at: Self.morning + 120)
        let second = Self.charge(redis.connection, budget, at: Self.morning + 2699)   // 10:59:59
        #expect(first == BudgetSpent(window: .hour, limit: 2, refusalsInWindow: 1, resetsAt: Self.morning - 900 + 3600))
        #expect(second?.refusalsInWindow == 2)
        // 11:00:00 is a new hour: calls are allowed again.
        #expect(Self.charge(redis.connection, budget, at: Self.morning - 900 + 3600) == nil)

        let windows = BudgetWindows(now: Self.morning)
        #expect(try redis.connection.send("HGET", windows.hourKey, "calls").integer == 2)
        #expect(try redis.connection.send("HGET", windows.hourKey, "refused").integer == 2)
        #expect(try redis.connection.send("HGET", windows.dayKey, "calls").integer == 3)
        #expect(try redis.connection.send("EXPIRETIME", windows.hourKey).integer == windows.hourKeyExpiresAt)
        #expect(try redis.connection.send("EXPIRETIME", windows.dayKey).integer == windows.dayKeyExpiresAt)
        let daily = RedisKeys.daily(windows.day)
        #expect(try redis.connection.send("HGET", daily, EmbeddingSpend.callsField).integer == 3)
        #expect(try redis.connection.send("HGET", daily, EmbeddingSpend.refusedField).integer == 2)
    }

    @Test func aDayBudgetOutlastsItsHoursAndRollsOverAtMidnight() throws {
        let redis = try PrivateRedis()
        let budget = EmbeddingBudget(callsPerHour: 5, callsPerDay: 3)
        for hour in 0..<3 { #expect(Self.charge(redis.connection, budget, at: Self.morning + hour * 3600) == nil) }
        let spent = Self.charge(redis.connection, budget, at: Self.morning + 3 * 3600)
        #expect(spent?.window == .day && spent?.limit == 3 && spent?.refusalsInWindow == 1)
        #expect(spent?.resetsAt == Self.midnight + 86_400)
        #expect(Self.charge(redis.connection, budget, at: Self.midnight + 86_400 - 1)?.refusalsInWindow == 2)
        #expect(Self.charge(redis.connection, budget, at: Self.midnight + 86_400) == nil)
    }

    @Test func zeroBudgetsCountCallsWithoutEverRefusing() throws {
        let redis = try PrivateRedis()
        let unlimited = EmbeddingBudget(callsPerHour: 0, callsPerDay: 0)
        for i in 0..<50 { #expect(Self.charge(redis.connection, unlimited, at: Self.morning + i) == nil) }
        #expect(try redis.connection.send("HGET", BudgetWindows(now: Self.morning).hourKey, "calls").integer == 50)
    }
}
