import ArgumentParser
import CVMatchAdmin
import CVMatchCompression
import CVMatchCore
import CVMatchRedis
import CVMatchSystem

/// `cvctl backup FILE`: a consistent, gzip-compressed snapshot of every `cvm:` key, with a manifest.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent snapshot of every cvm: key to FILE (gzip, with a manifest and a SHA-256).",
        discussion: """
        One Lua script dumps every cvm: key (DUMP and its absolute expiry) at one instant, so no request's \
        writes are half in the file. The file is gzip: `zcat FILE | head -2` shows its manifest (time, key count, \
        Redis and matcher versions, checksum). Restore with `cvctl restore FILE`.
        """
    )

    @Argument(help: "The backup file to write (replaced atomically, mode 0600).")
    var file: String

    @OptionGroup var settings: ConfigurationOptions

    func run() throws {
        let redis = RedisConnection(settings: try settings.load().redis())
        let (manifest, contents) = try BackupMaker.make(redis: redis)
        let compressed = try Gzip.compress(contents)
        if let failure = SystemFiles.replace(file, with: compressed, mode: 0o600) {
            throw ValidationError("cannot write \(file): \(failure)")
        }
        print("backed up \(manifest.keys) keys at \(manifest.createdUTC) from Redis \(manifest.redisVersion), matcher "
              + "\(manifest.matcherVersion ?? "none")\(manifest.vectorIndex ? " (with a vector index)" : ""): "
              + "\(compressed.count) bytes to \(file), sha256 \(manifest.sha256)")
    }
}
