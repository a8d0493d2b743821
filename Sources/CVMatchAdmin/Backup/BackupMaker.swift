import FoundationEssentials
import CVMatchCore
import CVMatchCrypto
import CVMatchRedis
import CVMatchStore

/// `cvctl backup`: one consistent snapshot of every `cvm:` key (`SnapshotScript`) as the contents
/// of a backup file (`BackupArchive`, compressed by the caller), with its manifest.
public enum BackupMaker {
    public static func make(redis: RedisConnection) throws -> (manifest: BackupManifest, contents: [UInt8]) {
        let version = try redisVersion(redis)
        let snapshot = try SnapshotScript.take(on: redis)
        let model = try snapshot.matcherJSON.map { try JSONDecoder().decode(MatcherModel.self, from: Data($0)) }
        let records = BackupArchive.records(snapshot.entries)
        let manifest = BackupManifest(created: snapshot.serverTime, keys: snapshot.entries.count, redisVersion: version,
                                      matcherVersion: snapshot.matcherVersion, vectorIndex: model?.hasVectorIndex ?? false,
                                      sha256: Digest.sha256Hex(records))
        return (manifest, BackupArchive.encode(manifest: manifest, records: records))
    }

    /// `redis_version` from `INFO server`.
    static func redisVersion(_ redis: RedisConnection) throws -> String {
        let info = try redis.send("INFO", "server").text ?? ""
        for line in info.split(whereSeparator: \.isNewline) where line.hasPrefix("redis_version:") {
            return String(line.dropFirst("redis_version:".count))
        }
        throw RedisError.unexpectedReply("INFO server has no redis_version")
    }
}
