import CVMatchApp
import CVMatchCore
import CVMatchCrypto
import CVMatchEmbedding
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// Embeds a positions file, fits the decision parameters and publishes the result as a new
/// matcher version (`MatcherStore.publish`).
public struct Populator {
    public let redis: RedisConnection
    public let embedder: EmbeddingClient
    /// Word-list files whose words the spelling corrector must leave alone (`DictionaryGuard`).
    public var dictionaryFiles: [String]

    public init(redis: RedisConnection, embedder: EmbeddingClient, dictionaryFiles: [String] = []) {
        self.redis = redis
        self.embedder = embedder
        self.dictionaryFiles = dictionaryFiles
    }

    public func populate(_ file: PositionsFile, flush: Bool) throws -> MatcherModel {
        let texts = file.labelledTexts
        let settings = embedder.settings
        let vectors = try embedder.embed(texts.map(\.text), as: .document)
        let examples = zip(texts, vectors).map { LabelledVector(label: $0.label, text: $0.text, vector: $1) }
        // With a query prefix of its own (asymmetric models) the examples are also embedded as
        // queries, so the fit sees the query-to-document similarities visitors' queries will have.
        let queries = settings.queryPrefix == settings.documentPrefix ? nil : try embedder.embed(texts.map(\.text), as: .query)
        let parameters = DecisionFitter.fit(examples: examples, queries: queries, model: settings.model)
        let store = MatcherStore(redis: redis)
        let searchAvailable = try store.hasSearchModule()
        if flush { try store.flushAll(searchAvailable: searchAvailable) }
        let model = MatcherModel(
            version: Hex.encode(SecureRandom.bytes(6)), model: settings.model, prefix: settings.documentPrefix,
            queryPrefix: settings.queryPrefix,
            dimension: vectors[0].count, positions: file.positionInfos, examples: examples,
            parameters: parameters, hasVectorIndex: searchAvailable,
            roleCues: file.roleCues, protectedWords: protectedWords(vocabulary: texts.map(\.text)))
        try store.publish(model)
        return model
    }

    private func protectedWords(vocabulary: [String]) -> [String] {
        let corrector = SpellingCorrector(vocabulary: vocabulary)
        var words = Set<String>()
        for path in dictionaryFiles {
            guard let data = SystemEnvironment.readFile(path) else { continue }
            let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            words.formUnion(DictionaryGuard.protectedWords(in: lines, corrector: corrector))
        }
        return words.sorted()
    }
}
