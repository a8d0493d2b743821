import Foundation
import Testing
@testable import CVMatchCore
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// `BudgetScript` against a real, private Redis (Debian's redis-server on a temporary unix socket),
/// with the clock given: a spent hour or day budget is available again in the next window without
/// any waiting, refusals are counted per window, and keys carry their expiry.
@Suite(.serialized) struct BudgetScriptTests {
    /// Midnight (UTC) two days from now: the given clock must lie ahead of the server's, or the
    /// script's EXPIREAT would delete the keys at once.
    static let midnight = (SystemClock.now() / 86_400 + 2) * 86_400
    /// 10:15 that day.
    static let morning = midnight + 10 * 3600 + 900

    /// A throwaway redis-server and a connection to it.
    final class PrivateRedis {
        let server: RedisServerFixture
        let connection: RedisConnection

        init() throws {
            server = try RedisServerFixture()
            connection = RedisConnection(address: .unix(path: server.socketPath))
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
        #expect(try redis.connection.send("HGET", RedisKeys.budgetHour(windows.hour), "calls").integer == 2)
        #expect(try redis.connection.send("HGET", RedisKeys.budgetHour(windows.hour), "refused").integer == 2)
        #expect(try redis.connection.send("HGET", RedisKeys.budgetDay(windows.day), "calls").integer == 3)
        #expect(try redis.connection.send("EXPIRETIME", RedisKeys.budgetHour(windows.hour)).integer == windows.hourKeyExpiresAt)
        #expect(try redis.connection.send("EXPIRETIME", RedisKeys.budgetDay(windows.day)).integer == windows.dayKeyExpiresAt)
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
        #expect(try redis.connection.send("HGET", RedisKeys.budgetHour(BudgetWindows(now: Self.morning).hour), "calls").integer == 50)
    }
}
