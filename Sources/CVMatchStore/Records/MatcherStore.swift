import FoundationEssentials
import CVMatchCore
import CVMatchCrypto
import CVMatchRedis
import CVMatchSystem

/// The matcher's part of the keyspace: the fitted model, its version, the positions' hashes, the
/// example hashes and their RediSearch index.
///
/// `publish` keeps matching available throughout: new examples (and their index) are written under
/// a new version, the model and version switch in one MULTI, and only then are old keys removed.
public struct MatcherStore {
    public let redis: RedisConnection

    public init(redis: RedisConnection) {
        self.redis = redis
    }

    /// Bytes of the stored model read per round trip (`readModelJSON`).
    public static let readPieceBytes = 128 * 1024

    /// Reads the current model; nil when nothing was populated yet. The JSON is decoded where it
    /// was read into (no copy into a `Data`), and read in pieces: a single `GET` of the 1.5 MB
    /// value held it three times at once (hiredis's read buffer grown to 2 MB, which it keeps
    /// until the connection's next reply, the reply, its copy), the peak of a process (issue 12).
    public func load(pieceBytes: Int = MatcherStore.readPieceBytes) throws -> MatcherModel? {
        guard var json = try readModelJSON(pieceBytes: pieceBytes) else { return nil }
        do {
            return try json.withUnsafeMutableBytes { raw in
                try JSONDecoder().decode(MatcherModel.self, from: Data(bytesNoCopy: raw.baseAddress!, count: raw.count,
                                                                       deallocator: .none))
            }
        } catch {
            throw RedisError.unexpectedReply("\(RedisKeys.matcher) is not a matcher: \(error)")
        }
    }

    /// The stored model's JSON, `pieceBytes` at a time, each piece read with the model's length and
    /// version in one MULTI: a populate that replaces the model between two pieces shows as another
    /// version (or length), and the read starts over. Nil when there is no model.
    func readModelJSON(pieceBytes: Int, attempts: Int = 3) throws -> [UInt8]? {
        precondition(pieceBytes > 0)
        for _ in 0..<attempts {
            var json: [UInt8] = []
            var first: (length: Int, version: String?)?
            while first == nil || json.count < first!.length {
                let start = json.count
                let replies = try redis.pipeline([
                    ["MULTI"], ["STRLEN", RedisKeys.matcher], ["GETRANGE", RedisKeys.matcher, String(start), String(start + pieceBytes - 1)],
                    ["GET", RedisKeys.matcherVersion], ["EXEC"],
                ].map { $0.map { Array($0.utf8) } })
                guard let results = replies.last?.array, results.count == 3, let length = results[0].integer,
                      let piece = results[1].bytes else {
                    throw RedisError.unexpectedReply("reading \(RedisKeys.matcher): \(replies.last!)")
                }
                let version = results[2].text
                if let first, first.length != length || first.version != version || piece.isEmpty { break }
                if first == nil {
                    if length == 0 { return nil }
                    first = (length, version)
                    json.reserveCapacity(length)
                }
                json += piece
            }
            if let first, json.count == first.length { return json }
        }
        throw RedisError.unexpectedReply("\(RedisKeys.matcher) changed while it was read, \(attempts) times")
    }

    /// Whether the server has the search module (so a vector index can be built).
    public func hasSearchModule() throws -> Bool {
        guard let modules = try redis.send("MODULE", "LIST").array else { return false }
        return modules.contains { module in
            guard let fields = module.array else { return false }
            return stride(from: 0, to: fields.count - 1, by: 2).contains {
                fields[$0].text == "name" && fields[$0 + 1].text?.lowercased() == "search"
            }
        }
    }

    /// Deletes every `cvm:` key and every cvmatch vector index.
    public func flushAll(searchAvailable: Bool) throws {
        if searchAvailable { try dropIndexes(except: nil) }
        try deleteKeys(matching: RedisKeys.prefix + "*")
    }

    /// Writes `model` (its examples, index when it has one, positions) and makes it current, then
    /// removes the version it replaced.
    public func publish(_ model: MatcherModel) throws {
        let version = model.version
        let previous = try redis.send("GET", RedisKeys.matcherVersion).text
        if model.hasVectorIndex { try createIndex(for: model) }
        var writes: [RedisConnection.Command] = []
        for (number, example) in model.examples.enumerated() {
            writes.append(["HSET", RedisKeys.example(version: version, number: number), "label", example.label,
                           "text", example.text, "vec"].map { Array($0.utf8) } + [Vector.blob(example.vector)])
        }
        try redis.runInBatches(writes)

        let oldPositions = try redis.keys(matching: RedisKeys.positionPattern)
        var switchOver: [[String]] = [["MULTI"]]
        for key in oldPositions { switchOver.append(["DEL", key]) }
        for position in model.positions {
            switchOver.append(["HSET", RedisKeys.position(position.id), "title", position.title,
                               "pdf", position.pdf, "filename", position.filename])
        }
        let json = String(decoding: try JSONEncoder().encode(model), as: UTF8.self)
        switchOver += [["SET", RedisKeys.matcher, json], ["SET", RedisKeys.matcherVersion, version], ["EXEC"]]
        let replies = try redis.pipeline(switchOver.map { $0.map { Array($0.utf8) } })
        guard case .array = replies.last else { throw RedisError.command("populate transaction failed: \(replies.last!)") }

        if let previous, previous != version {
            if model.hasVectorIndex { try dropIndexes(except: version) }
            try deleteKeys(matching: RedisKeys.examplePrefix(version: previous) + "*")
            try deleteKeys(matching: RedisKeys.decisionPrefix(version: previous) + "*")
        }
    }

    /// Creates `model`'s RediSearch index over its example hashes (those already written are
    /// indexed in the background; `cvctl restore` waits for that).
    public func createIndex(for model: MatcherModel) throws {
        try check(redis.send(
            "FT.CREATE", RedisKeys.exampleIndex(version: model.version), "ON", "HASH",
            "PREFIX", "1", RedisKeys.examplePrefix(version: model.version),
            "SCHEMA", "label", "TAG", "vec", "VECTOR", "FLAT", "6",
            "TYPE", "FLOAT32", "DIM", String(model.dimension), "DISTANCE_METRIC", "COSINE"))
    }

    private func dropIndexes(except keep: String?) throws {
        guard let names = try redis.send("FT._LIST").array else { return }
        for name in names.compactMap(\.text)
        where name.hasPrefix(RedisKeys.exampleIndexPrefix) && name != keep.map(RedisKeys.exampleIndex) {
            try check(redis.send("FT.DROPINDEX", name))
        }
    }

    private func deleteKeys(matching pattern: String) throws {
        try redis.runInBatches(try redis.keys(matching: pattern).map { ["UNLINK", $0].map { Array($0.utf8) } })
    }

    @discardableResult
    private func check(_ reply: RedisReply) throws -> RedisReply {
        if case .error(let message) = reply { throw RedisError.command(message) }
        return reply
    }
}
