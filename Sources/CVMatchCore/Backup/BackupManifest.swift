import FoundationEssentials

/// What a backup file says about itself, first in the file (JSON): when and from what it was
/// taken, how many keys it holds, and the SHA-256 of its records, checked before a restore.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// The file format's version (this code writes and reads 1).
    public var format: Int
    /// Redis's clock when the snapshot was taken (Unix seconds).
    public var created: Int
    /// `created` as a UTC date and time, for people.
    public var createdUTC: String
    public var keys: Int
    /// The version of the Redis the snapshot came from (its `DUMP` payloads restore into the same
    /// or a newer Redis).
    public var redisVersion: String
    /// The populated matcher's version at the time (`cvm:matcher:version`), or nil.
    public var matcherVersion: String?
    /// Whether the matcher used a RediSearch index (restore recreates it).
    public var vectorIndex: Bool
    /// Lower-case hex SHA-256 of the records that follow the manifest.
    public var sha256: String

    public init(created: Int, keys: Int, redisVersion: String, matcherVersion: String?, vectorIndex: Bool, sha256: String) {
        format = Self.currentFormat
        self.created = created
        createdUTC = CalendarDay.isoTimestamp(of: created)
        self.keys = keys
        self.redisVersion = redisVersion
        self.matcherVersion = matcherVersion
        self.vectorIndex = vectorIndex
        self.sha256 = sha256
    }

    public static let currentFormat = 1

    private enum CodingKeys: String, CodingKey {
        case format, created, createdUTC = "created_utc", keys, redisVersion = "redis_version",
             matcherVersion = "matcher_version", vectorIndex = "vector_index", sha256
    }
}
