import CVMatchCore
import CVMatchRedis
import CVMatchSystem

/// The writes that count embedding spend in the day's counter hash (`EmbeddingSpend`'s fields),
/// to pipeline with the request's other writes.
public enum EmbeddingSpendRecorder {
    /// Counts one query answered without an embedding call.
    public static func cacheHit(now: Int) -> RedisConnection.Command {
        ["HINCRBY", RedisKeys.daily(CalendarDay.day(of: now)), EmbeddingSpend.cachedField, "1"].map { Array($0.utf8) }
    }

    /// Adds the tokens of one call; `estimated` when the provider did not report them.
    public static func usage(tokens: Int, estimated: Bool, now: Int) -> [RedisConnection.Command] {
        let daily = RedisKeys.daily(CalendarDay.day(of: now))
        var commands = [["HINCRBY", daily, EmbeddingSpend.tokensField, String(tokens)]]
        if estimated { commands.append(["HINCRBY", daily, EmbeddingSpend.estimatedField, "1"]) }
        return commands.map { $0.map { Array($0.utf8) } }
    }
}
