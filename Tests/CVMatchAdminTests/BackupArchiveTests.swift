import CVMatchCompression
import CVMatchCore
import CVMatchCrypto
import Testing

/// The backup file: archive layout, manifest checks and gzip, without Redis.
@Suite struct BackupArchiveTests {
    private let entries = [
        BackupArchive.Entry(key: Array("cvm:matcher".utf8), expiresAtMilliseconds: nil, payload: [0, 1, 2, 0xFF]),
        BackupArchive.Entry(key: Array("cvm:used:abc".utf8), expiresAtMilliseconds: 1_800_000_000_123, payload: []),
    ]

    private func file(keys: Int? = nil) -> [UInt8] {
        let records = BackupArchive.records(entries)
        let manifest = BackupManifest(created: 1_764_590_400, keys: keys ?? entries.count, redisVersion: "7.0.15",
                                      matcherVersion: "v1", vectorIndex: false, sha256: Digest.sha256Hex(records))
        return BackupArchive.encode(manifest: manifest, records: records)
    }

    @Test func aFileRoundTripsThroughGzip() throws {
        let compressed = try Gzip.compress(file())
        #expect(compressed.starts(with: [0x1F, 0x8B]))
        let (manifest, decoded) = try BackupArchive.decode(try Gzip.decompress(compressed), sha256Hex: Digest.sha256Hex)
        #expect(decoded == entries)
        #expect(manifest.keys == 2 && manifest.redisVersion == "7.0.15" && manifest.createdUTC == "2025-12-01T12:00:00Z")
    }

    @Test func theManifestIsTheSecondLineForPeople() {
        let lines = String(decoding: file(), as: UTF8.self).split(separator: "\n")
        #expect(lines[0] == "CVMATCH-BACKUP 1")
        #expect(lines[1].hasPrefix(#"{"created":1764590400,"created_utc":"2025-12-01T12:00:00Z","format":1,"keys":2,"#))
    }

    @Test func aChangedByteIsRefusedByTheChecksum() {
        var damaged = file()
        damaged[damaged.count - 3] ^= 0x40
        #expect(throws: BackupArchive.Invalid.self) { try BackupArchive.decode(damaged, sha256Hex: Digest.sha256Hex) }
    }

    @Test func aWrongKeyCountOrForeignFileIsRefused() {
        #expect(throws: BackupArchive.Invalid.self) { try BackupArchive.decode(file(keys: 3), sha256Hex: Digest.sha256Hex) }
        #expect(throws: BackupArchive.Invalid.self) { try BackupArchive.decode(Array("hello\n".utf8), sha256Hex: Digest.sha256Hex) }
    }

    @Test func truncatedOrForeignGzipIsRefused() throws {
        let compressed = try Gzip.compress(file())
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(Array(compressed.dropLast(12))) }
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(Array("plain".utf8)) }
    }
}
