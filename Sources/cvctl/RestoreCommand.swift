import ArgumentParser
import CVMatchAdmin
import CVMatchCompression
import CVMatchCore
import CVMatchRedis
import CVMatchSystem

/// `cvctl restore FILE`: puts a backup's keys back, after checking its checksum.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore the cvm: keys of a `cvctl backup` file into Redis (checksum checked first).",
        discussion: """
        Refuses when Redis already holds cvm: keys unless --force (which deletes them and cvmatch's \
        search indexes first). Keys keep their original expiry; those that expired since the backup are \
        skipped. The matcher's RediSearch index (not a key) is recreated and waited for. A DUMP restores \
        into the same or a newer Redis only.
        """
    )

    @Argument(help: "The backup file.")
    var file: String

    @Flag(help: "Delete the cvm: keys Redis holds before restoring.")
    var force = false

    @OptionGroup var settings: ConfigurationOptions

    func run() throws {
        guard let compressed = SystemEnvironment.readFile(file) else { throw ValidationError("cannot read \(file)") }
        let redis = RedisConnection(settings: try settings.load().redis())
        let summary: BackupRestorer.Summary
        do {
            summary = try BackupRestorer.restore(contents: try Gzip.decompress(compressed), redis: redis, force: force)
        } catch let failure as Gzip.Failure {
            throw ValidationError("\(file): \(failure)")
        } catch let refusal as BackupRestorer.Refusal {
            throw ValidationError("\(file): \(refusal)")
        }
        let manifest = summary.manifest
        print("restored \(summary.restored) of \(manifest.keys) keys from \(file) (taken \(manifest.createdUTC) on Redis "
              + "\(manifest.redisVersion), matcher \(manifest.matcherVersion ?? "none"))"
              + (summary.expired > 0 ? "; \(summary.expired) had expired since and were skipped" : "")
              + (summary.replaced > 0 ? "; \(summary.replaced) existing keys were deleted first" : "")
              + (summary.indexRecreated ? "; vector index recreated" : ""))
        print("match-fcgi and download-fcgi need no restart: they read the restored keys (and reload a different matcher) on their next request")
    }
}
