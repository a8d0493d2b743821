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
        discussion: """
        Each file gets its tables, a reliability table per score band and its summary line; with several \
        files a combined section follows. Every summary line reads: \
        accuracy=… gibberish_accept=… ambiguous=<id>:N,…,none:N scored=N (the last line is the combined one).
        """
    )

    @Argument(help: "JSON-lines files of labelled queries.")
    var files: [String]

    @Flag(help: "List every miss with its score and nearest examples.")
    var errors = false

    @Flag(help: "Print every line's prediction and score (`predicted<TAB>score<TAB>query<TAB>embedded text`).")
    var predictions = false

    @Option(help: "Matching steps to switch off, comma-separated: \(MatchingSteps.names.joined(separator: ", ")).")
    var without: String = ""

    @OptionGroup var settings: ConfigurationOptions

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

    /// What one file (or all of them) measured.
    private struct Run {
        var scorer = EvalScorer()
        var details: [String: String] = [:]
        var decisionTimes: [UInt64] = []
        var cachedMatchTimes: [UInt64] = []
        /// The populated positions' ids, as the last match saw them.
        var positionIDs: [String] = []

        mutating func absorb(_ other: Run) {
            for line in other.scorer.lines { scorer.add(line) }
            details.merge(other.details) { a, _ in a }
            decisionTimes += other.decisionTimes
            cachedMatchTimes += other.cachedMatchTimes
            if !other.positionIDs.isEmpty { positionIDs = other.positionIDs }
        }
    }

    func run() throws {
        let environment = try settings.load()
        let steps: MatchingSteps
        do {
            steps = try MatchingSteps(without: without.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty })
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        }
        let contents = try files.map { file in
            guard let data = SystemEnvironment.readFile(file) else { throw ValidationError("cannot read \(file)") }
            return Data(data)
        }
        EmbeddingClient.globalInit()
        let redis = RedisConnection(settings: try environment.redis())
        // No recorder and no meter: eval's queries never count as visitors' attempts or against
        // the embedding budget.
        let service = MatchService(redis: redis, embedder: EmbeddingClient(settings: try environment.embedding()),
                                   searchMode: try environment.searchMode(), recorder: nil, steps: steps)
        var combined = Run()
        for (file, data) in zip(files, contents) {
            let result = try evaluate(file: file, data: data, service: service)
            if files.count > 1 { print("== \(file)") }
            report(result, service: service)
            combined.absorb(result)
        }
        if files.count > 1 {
            print("== combined (\(files.count) files)")
            report(combined, service: service)
        }
    }

    private func evaluate(file: String, data: Data, service: MatchService) throws -> Run {
        var run = Run()
        for (number, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            guard let labelled = try? JSONDecoder().decode(Labelled.self, from: Data(raw.utf8)) else {
                throw ValidationError("\(file) line \(number + 1) is not {\"q\", \"expect\", \"cat\"}")
            }
            let predicted: String
            var score: Int?
            let text = labelled.q.trimmingWhitespace()
            if text.isEmpty || text.count > MatchRequest.maximumPositionCharacters {
                // /api/match refuses these before matching: no position is given.
                predicted = LabelledVector.noneLabel
                run.details[labelled.q] = "refused by request validation"
            } else {
                let started = SystemClock.monotonicNanoseconds()
                let result = try service.match(text: text)
                if result.embeddingCached { run.cachedMatchTimes.append(SystemClock.monotonicNanoseconds() - started) }
                run.positionIDs = result.positions.map(\.id)
                predicted = result.decision.positionID ?? LabelledVector.noneLabel
                score = result.decision.score
                run.decisionTimes.append(result.decisionNanoseconds)
                let oneLine = QueryNormaliser.normalise(labelled.q)
                if predictions { print("\(predicted)\t\(result.decision.score)\t\(oneLine)\t\(result.embeddedText)") }
                let near = result.neighbours.prefix(3).map { "\($0.label) \(EvalScorer.fixed3(Double($0.similarity)))" }
                let corrected = result.embeddedText == oneLine ? "" : "embedded as \"\(result.embeddedText)\"; "
                run.details[labelled.q] = "\(corrected)score \(result.decision.score) (\(result.decision.reason.rawValue)); nearest: \(near.joined(separator: ", "))"
            }
            run.scorer.add(.init(query: labelled.q, expected: labelled.expect, category: labelled.cat,
                                 predicted: predicted, score: score))
        }
        return run
    }

    private func report(_ run: Run, service: MatchService) {
        EvalPrinter(scorer: run.scorer, labels: run.positionIDs + [LabelledVector.noneLabel]).printTables()
        print("reliability (score band: scored lines, decided right):")
        for row in ReliabilityTable(lines: run.scorer.lines).rows { print(row) }
        if errors {
            print("\nmisses:")
            for miss in run.scorer.misses {
                print("  [\(miss.category)] \(QueryNormaliser.normalise(miss.query).prefix(300)) — expected \(miss.expected), got \(miss.predicted); \(run.details[miss.query] ?? "")")
            }
        }
        print(Self.timing("in-process search (\(service.searchDescription)) + decision", run.decisionTimes))
        print(Self.timing("whole match of a cached query (Redis round trip + decision)", run.cachedMatchTimes))
        print(run.scorer.summaryLine(positionIDs: run.positionIDs))
    }
}
