import CVMatchCore
import CVMatchCrypto
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// `cvctl restore`: checks a backup (format, key count, checksum) before touching Redis, refuses a
/// non-empty `cvm:` keyspace unless forced (then deletes it and cvmatch's indexes first), restores
/// every key with `RESTORE … ABSTTL` at its original expiry (keys whose expiry has passed are
/// skipped), and recreates the matcher's RediSearch index, which is not a key, waiting until it
/// has indexed the restored examples.
public enum BackupRestorer {
    /// What a restore did.
    public struct Summary: Sendable {
        public var manifest: BackupManifest
        public var restored: Int
        /// Keys whose expiry passed between the backup and now.
        public var expired: Int
        /// Keys deleted first (`--force`).
        public var replaced: Int
        public var indexRecreated: Bool
    }

    /// Why a restore did not start or did not finish.
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    public static func restore(contents: [UInt8], redis: RedisConnection, force: Bool) throws -> Summary {
        let (manifest, entries): (BackupManifest, [BackupArchive.Entry])
        do {
            (manifest, entries) = try BackupArchive.decode(contents, sha256Hex: Digest.sha256Hex)
        } catch {
            throw Refusal(description: error.description)
        }
        let store = MatcherStore(redis: redis)
        let existing = try redis.keys(matching: RedisKeys.prefix + "*")
        if !existing.isEmpty && !force {
            throw Refusal(description: "Redis already holds \(existing.count) \(RedisKeys.prefix) keys; restoring would replace "
                          + "them: run with --force to delete them first, or point CVMATCH_REDIS at an empty Redis")
        }
        let search = try store.hasSearchModule()
        if manifest.vectorIndex && !search {
            throw Refusal(description: "the backup's matcher uses a RediSearch index and this Redis has no search module: "
                          + "restore into a Redis with RediSearch (REDIS_KIND=search), or restore there and re-populate")
        }
        try store.flushAll(searchAvailable: search)

        let nowMilliseconds = try redis.serverTimeMicroseconds() / 1000
        var commands: [RedisConnection.Command] = []
        var expired = 0
        for entry in entries {
            if let at = entry.expiresAtMilliseconds {
                guard at > nowMilliseconds + 1000 else { expired += 1; continue }
                commands.append([Array("RESTORE".utf8), entry.key, Array(String(at).utf8), entry.payload, Array("ABSTTL".utf8)])
            } else {
                commands.append([Array("RESTORE".utf8), entry.key, Array("0".utf8), entry.payload])
            }
        }
        do {
            try redis.runInBatches(commands, batchSize: 100)
        } catch RedisError.command(let message) where message.contains("payload version") {
            let target = (try? BackupMaker.redisVersion(redis)) ?? "this Redis"
            throw Refusal(description: "Redis \(target) cannot read the backup's payloads written by Redis \(manifest.redisVersion) "
                          + "(a DUMP restores into the same or a newer Redis): \(message)")
        }
        var indexed = false
        if manifest.vectorIndex, let model = try store.load(), model.hasVectorIndex {
            try store.createIndex(for: model)
            try waitUntilIndexed(RedisKeys.exampleIndex(version: model.version), redis: redis)
            indexed = true
        }
        return Summary(manifest: manifest, restored: commands.count, expired: expired, replaced: existing.count,
                       indexRecreated: indexed)
    }

    /// Polls `FT.INFO` until the index reports no background indexing (at most 30 s).
    private static func waitUntilIndexed(_ index: String, redis: RedisConnection) throws {
        for _ in 0..<300 {
            let fields = try redis.send("FT.INFO", index).array ?? []
            let indexing = stride(from: 0, to: fields.count - 1, by: 2).first { fields[$0].text == "indexing" }
                .flatMap { fields[$0 + 1].integer }
            if indexing == 0 { return }
            SystemClock.sleep(milliseconds: 100)
        }
        throw Refusal(description: "the index \(index) was still indexing after 30 s; check FT.INFO \(index)")
    }
}
