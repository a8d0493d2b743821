import FoundationEssentials
import Shared

/// Writes a positions file into Redis as a new matcher version, then retires the old one.
///
/// Order keeps matching available throughout: new examples (and their index) are written under a
/// new version, the matcher and version switch in one MULTI, and only then are old keys removed.
struct Populator {
    let redis: RedisConnection
    let embedder: EmbeddingClient
    /// Word-list files whose words the spelling corrector must leave alone (`DictionaryGuard`).
    var dictionaryFiles: [String] = []

    func populate(_ file: PositionsFile, flush: Bool) throws -> MatcherModel {
        let texts = file.labelledTexts
        let vectors = try embedder.embed(texts.map(\.text))
        let examples = zip(texts, vectors).map { LabelledVector(label: $0.label, text: $0.text, vector: $1) }
        let parameters = DecisionFitter.fit(examples: examples, model: embedder.settings.model)
        let searchAvailable = try hasSearchModule()

        if flush {
            if searchAvailable { try dropIndexes(except: nil) }
            try deleteKeys(matching: RedisKeys.prefix + "*")
        }
        let previous = try redis.send("GET", RedisKeys.matcherVersion).text
        let version = Hex.encode(SecureRandom.bytes(6))
        let model = MatcherModel(
            version: version, model: embedder.settings.model, prefix: embedder.settings.prefix,
            dimension: vectors[0].count, positions: file.positionInfos, examples: examples,
            parameters: parameters, hasVectorIndex: searchAvailable,
            roleCues: file.roleCues, protectedWords: protectedWords(vocabulary: texts.map(\.text)))

        if searchAvailable {
            try check(redis.send(
                "FT.CREATE", RedisKeys.exampleIndex(version: version), "ON", "HASH",
                "PREFIX", "1", RedisKeys.examplePrefix(version: version),
                "SCHEMA", "label", "TAG", "vec", "VECTOR", "FLAT", "6",
                "TYPE", "FLOAT32", "DIM", String(model.dimension), "DISTANCE_METRIC", "COSINE"))
        }
        var writes: [RedisConnection.Command] = []
        for (number, example) in examples.enumerated() {
            writes.append(["HSET", RedisKeys.example(version: version, number: number), "label", example.label,
                           "text", example.text, "vec"].map { Array($0.utf8) } + [Vector.blob(example.vector)])
        }
        try redis.runInBatches(writes)

        let oldPositions = try redis.keys(matching: "cvm:pos:*")
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
            if searchAvailable { try dropIndexes(except: version) }
            try deleteKeys(matching: RedisKeys.examplePrefix(version: previous) + "*")
        }
        return model
    }

    private func protectedWords(vocabulary: [String]) -> [String] {
        let corrector = SpellingCorrector(vocabulary: vocabulary)
        var words = Set<String>()
        for path in dictionaryFiles {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            words.formUnion(DictionaryGuard.protectedWords(in: lines, corrector: corrector))
        }
        return words.sorted()
    }

    private func hasSearchModule() throws -> Bool {
        guard let modules = try redis.send("MODULE", "LIST").array else { return false }
        return modules.contains { module in
            guard let fields = module.array else { return false }
            return stride(from: 0, to: fields.count - 1, by: 2).contains {
                fields[$0].text == "name" && fields[$0 + 1].text?.lowercased() == "search"
            }
        }
    }

    private func dropIndexes(except keep: String?) throws {
        guard let names = try redis.send("FT._LIST").array else { return }
        for name in names.compactMap(\.text) where name.hasPrefix("cvm:idx:") && name != keep.map(RedisKeys.exampleIndex) {
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
