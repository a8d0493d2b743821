import ArgumentParser
import FoundationEssentials
import CVMatchAdmin
import CVMatchApp
import CVMatchCore
import CVMatchEmbedding
import CVMatchHTTPClient
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// `cvctl eval FILE.jsonl`: runs labelled queries through the `/api/match` path and scores them.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score labelled queries ({\"q\", \"expect\", \"cat\"} per line) with the live matching path.",
        discussion: "The last line is: accuracy=… gibberish_accept=… ambiguous=<id>:N,…,none:N scored=N"
    )

    @Argument(help: "A JSON-lines file of labelled queries.")
    var file: String

    @Flag(help: "List every miss with its score and nearest examples.")
    var errors = false

    @Flag(help: "Print every line's prediction and score (`predicted<TAB>score<TAB>query<TAB>embedded text`).")
    var predictions = false

    private static func timing(_ what: String, _ samples: [UInt64]) -> String {
        guard !samples.isEmpty else { return "\(what): no samples" }
        let sorted = samples.sorted()
        return "\(what): p50 \(sorted[sorted.count / 2] / 1000) µs, p99 \(sorted[sorted.count * 99 / 100] / 1000) µs over \(sorted.count) queries"
    }

    private struct Labelled: Decodable {
        var q: String
        var expect: String
        var cat: String
    }

    func run() throws {
        let environment = try ToolEnvironment()
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        EmbeddingClient.globalInit()
        let redis = RedisConnection(settings: environment.redis)
        // No recorder: eval's queries never count as visitors' attempts.
        let service = MatchService(redis: redis, embedder: EmbeddingClient(settings: environment.embedding),
                                   searchMode: environment.searchMode, recorder: nil)
        var positionIDs: [String] = []
        var scorer = EvalScorer()
        var details: [String: String] = [:]
        var decisionTimes: [UInt64] = []
        var cachedMatchTimes: [UInt64] = []
        for (number, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            guard let labelled = try? JSONDecoder().decode(Labelled.self, from: Data(raw.utf8)) else {
                throw ValidationError("\(file) line \(number + 1) is not {\"q\", \"expect\", \"cat\"}")
            }
            let predicted: String
            let text = labelled.q.trimmingWhitespace()
            if text.isEmpty || text.count > MatchRequest.maximumPositionCharacters {
                // /api/match refuses these before matching: no position is given.
                predicted = LabelledVector.noneLabel
                details[labelled.q] = "refused by request validation"
            } else {
                let started = SystemClock.monotonicNanoseconds()
                let normalised = QueryNormaliser.normalise(text)
                let result = try service.match(normalisedText: normalised)
                if result.embeddingCached { cachedMatchTimes.append(SystemClock.monotonicNanoseconds() - started) }
                positionIDs = result.positions.map(\.id)
                predicted = result.decision.positionID ?? LabelledVector.noneLabel
                decisionTimes.append(result.decisionNanoseconds)
                if predictions { print("\(predicted)\t\(result.decision.score)\t\(labelled.q)\t\(result.embeddedText)") }
                let near = result.neighbours.prefix(3).map { "\($0.label) \(EvalScorer.fixed3(Double($0.similarity)))" }
                let corrected = result.embeddedText == normalised ? "" : "embedded as \"\(result.embeddedText)\"; "
                details[labelled.q] = "\(corrected)score \(result.decision.score) (\(result.decision.reason.rawValue)); nearest: \(near.joined(separator: ", "))"
            }
            scorer.add(.init(query: labelled.q, expected: labelled.expect, category: labelled.cat, predicted: predicted))
        }
        EvalPrinter(scorer: scorer, labels: positionIDs + [LabelledVector.noneLabel]).printTables()
        if errors {
            print("\nmisses:")
            for miss in scorer.misses {
                print("  [\(miss.category)] \(miss.query) — expected \(miss.expected), got \(miss.predicted); \(details[miss.query] ?? "")")
            }
        }
        print(Self.timing("in-process search (\(service.searchDescription)) + decision", decisionTimes))
        print(Self.timing("whole match of a cached query (Redis round trip + decision)", cachedMatchTimes))
        print(scorer.summaryLine(positionIDs: positionIDs))
    }
}
