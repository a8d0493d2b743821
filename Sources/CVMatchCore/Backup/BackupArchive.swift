import FoundationEssentials

/// The contents of a backup file before compression:
///
///     CVMATCH-BACKUP 1\n
///     <manifest JSON, one line>\n
///     <records>
///
/// each record being: key length (UInt32, big-endian), key, absolute expiry in Unix milliseconds
/// (Int64, big-endian; -1: none), payload length (UInt32), the key's `DUMP` payload. The manifest's
/// `sha256` covers the records, so a damaged or truncated file is refused before anything is restored.
public enum BackupArchive {
    /// One key as `DUMP` gave it.
    public struct Entry: Sendable, Equatable {
        public var key: [UInt8]
        /// Absolute expiry (Unix milliseconds), nil for a key without one.
        public var expiresAtMilliseconds: Int64?
        public var payload: [UInt8]

        public init(key: [UInt8], expiresAtMilliseconds: Int64?, payload: [UInt8]) {
            self.key = key
            self.expiresAtMilliseconds = expiresAtMilliseconds
            self.payload = payload
        }
    }

    /// Why a file is not a backup this code can restore.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    static let magic = Array("CVMATCH-BACKUP 1\n".utf8)

    /// The records section of `entries`, whose checksum goes into the manifest.
    public static func records(_ entries: [Entry]) -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries {
            append(UInt32(entry.key.count), to: &out)
            out += entry.key
            append(UInt64(bitPattern: entry.expiresAtMilliseconds ?? -1), to: &out)
            append(UInt32(entry.payload.count), to: &out)
            out += entry.payload
        }
        return out
    }

    /// The whole file's contents (uncompressed).
    public static func encode(manifest: BackupManifest, records: [UInt8]) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(manifest)).map { Array($0) } ?? []
        return magic + json + [0x0A] + records
    }

    /// Splits a file's contents into its manifest and records, checking the format, the key count
    /// and the checksum (`sha256Hex` of the records).
    public static func decode(_ bytes: [UInt8], sha256Hex: ([UInt8]) -> String) throws(Invalid) -> (BackupManifest, [Entry]) {
        guard bytes.starts(with: magic) else { throw Invalid(description: "not a cvmatch backup (no CVMATCH-BACKUP 1 header)") }
        guard let newline = bytes[magic.count...].firstIndex(of: 0x0A) else { throw Invalid(description: "the manifest is truncated") }
        let manifest: BackupManifest
        do {
            manifest = try JSONDecoder().decode(BackupManifest.self, from: Data(bytes[magic.count..<newline]))
        } catch {
            throw Invalid(description: "the manifest is not readable: \(error)")
        }
        guard manifest.format == BackupManifest.currentFormat else {
            throw Invalid(description: "backup format \(manifest.format) is not supported (this cvctl reads \(BackupManifest.currentFormat))")
        }
        let records = Array(bytes[(newline + 1)...])
        let actual = sha256Hex(records)
        guard actual == manifest.sha256 else {
            throw Invalid(description: "checksum mismatch: the manifest says \(manifest.sha256), the records hash to \(actual); the file is damaged")
        }
        var entries: [Entry] = []
        var reader = Reader(data: records)
        while !reader.atEnd {
            guard let keyLength = reader.uint32(), let key = reader.bytes(Int(keyLength)), let expiry = reader.uint64(),
                  let payloadLength = reader.uint32(), let payload = reader.bytes(Int(payloadLength))
            else { throw Invalid(description: "record \(entries.count + 1) is truncated") }
            let at = Int64(bitPattern: expiry)
            entries.append(Entry(key: key, expiresAtMilliseconds: at < 0 ? nil : at, payload: payload))
        }
        guard entries.count == manifest.keys else {
            throw Invalid(description: "the manifest counts \(manifest.keys) keys, the file holds \(entries.count)")
        }
        return (manifest, entries)
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out += $0 }
    }

    private struct Reader {
        let data: [UInt8]
        var offset = 0

        var atEnd: Bool { offset >= data.count }

        mutating func bytes(_ count: Int) -> [UInt8]? {
            guard count >= 0, offset + count <= data.count else { return nil }
            defer { offset += count }
            return Array(data[offset..<offset + count])
        }

        mutating func uint32() -> UInt32? { integer() }
        mutating func uint64() -> UInt64? { integer() }

        private mutating func integer<T: FixedWidthInteger>() -> T? {
            guard let raw = bytes(MemoryLayout<T>.size) else { return nil }
            return raw.reduce(T(0)) { $0 << 8 | T($1) }
        }
    }
}
