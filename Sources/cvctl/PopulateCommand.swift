import ArgumentParser
import FoundationEssentials
import Shared
#if canImport(Glibc)
import Glibc
#endif

/// `cvctl populate`: embeds the positions file and stores the fitted matcher in Redis.
struct PopulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "populate",
        abstract: "Embed the positions and their examples, fit the decision and store them in Redis.",
        discussion: "Without --flush only positions and the matcher are replaced; events, links and cached embeddings stay."
    )

    @Option(help: "The positions file (JSON).")
    var positions: String = "config/positions.json"

    @Option(help: "Directory holding the PDFs (default: CVMATCH_PDF_DIR); when set, every named PDF must exist there.")
    var pdfDir: String?

    @Flag(help: "First delete every cvmatch key (cvm:*): events, links, caches and positions.")
    var flush = false

    @Option(help: "Directory of word lists (one word a line) whose words are never spelling-corrected.")
    var dictionaries: String = "/usr/share/dict"

    func run() throws {
        let environment = try ToolEnvironment()
        guard let data = FileManager.default.contents(atPath: positions) else {
            throw ValidationError("cannot read \(positions)")
        }
        let file: PositionsFile
        do {
            file = try PositionsFile(data: Array(data), path: positions)
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        }
        if let pdfDir = pdfDir ?? EnvironmentReader().optionalString("CVMATCH_PDF_DIR") {
            for position in file.positions where !FileManager.default.fileExists(atPath: pdfDir + "/" + position.pdf) {
                throw ValidationError("position \(position.id): \(pdfDir)/\(position.pdf) does not exist")
            }
        }
        CurlSession.globalInit()
        let redis = environment.redis.connect()
        // Batches of examples take far longer than one query: give them a batch-sized timeout.
        var batchSettings = environment.embedding
        batchSettings.timeoutMilliseconds = max(batchSettings.timeoutMilliseconds, 120_000)
        var populator = Populator(redis: redis, embedder: EmbeddingClient(settings: batchSettings))
        populator.dictionaryFiles = Self.wordLists(in: dictionaries)
        let model = try populator.populate(file, flush: flush)
        print("populated \(model.positions.count) positions, \(model.examples.count) examples (\(model.dimension) dims, model \(model.model))")
        print("version \(model.version), vector index: \(model.hasVectorIndex ? "RediSearch" : "none (exact scan)")")
        for position in model.positions {
            let count = model.examples.filter { $0.label == position.id }.count
            print("  \(position.id): \(position.title) — \(count) examples, pdf \(position.pdf)")
        }
        print("  none: \(model.examples.filter { $0.label == LabelledVector.noneLabel }.count) counter-examples")
        print("dictionaries: \(populator.dictionaryFiles.count) word lists, \(model.protectedWords?.count ?? 0) words kept from correction")
    }

    /// The regular files of `directory` that are word lists (no README, each file once even when
    /// linked under several names).
    static func wordLists(in directory: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var seen = Set<String>()
        return names.sorted().filter { !$0.hasPrefix("README") && !$0.contains(".") }.compactMap { name in
            let path = directory + "/" + name
            guard let real = realpath(path, nil) else { return nil }
            defer { free(real) }
            return seen.insert(String(cString: real)).inserted ? path : nil
        }
    }
}
