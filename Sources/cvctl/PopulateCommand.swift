import ArgumentParser
import FoundationEssentials
import CVMatchAdmin
import CVMatchCore
import CVMatchEmbedding
import CVMatchHTTPClient
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// `cvctl populate`: embeds the positions file and stores the fitted matcher in Redis.
struct PopulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "populate",
        abstract: "Embed the positions and their examples, fit the decision and store them in Redis.",
        discussion: """
        Without --flush only positions and the matcher are replaced; events, links and cached embeddings stay. \
        When CVMATCH_SITE_FILE and CVMATCH_WEB_ROOT are set, the visitor page is rendered again too (see `cvctl site`).
        """
    )

    @Option(help: "The positions file (JSON).")
    var positions: String = "config/positions.json"

    @Option(help: "Directory holding the PDFs (default: CVMATCH_PDF_DIR); when set, every named PDF must exist there.")
    var pdfDir: String?

    @Flag(help: "First delete every cvmatch key (cvm:*): events, links, caches and positions.")
    var flush = false

    @Option(help: "Directory of word lists (one word a line) whose words are never spelling-corrected.")
    var dictionaries: String = "/usr/share/dict"

    @OptionGroup var settings: ConfigurationOptions

    func run() throws {
        let environment = try settings.load()
        let env = environment.reader
        let file = try ToolEnvironment.positionsFile(at: positions)
        if let pdfDir = pdfDir ?? env.optionalString(ConfigCatalog.pdfDirectory) {
            for position in file.positions where !FileManager.default.fileExists(atPath: pdfDir + "/" + position.pdf) {
                throw ValidationError("position \(position.id): \(pdfDir)/\(position.pdf) does not exist")
            }
        }
        // The page lists the positions: check the site file before Redis changes, write it after.
        let site = try SitePublisher.configured(env) ? SitePublisher(siteFile: nil, webRoot: nil, siteURL: nil, env: env) : nil
        let page = try site?.bundle(positions: file, positionsPath: positions)
        EmbeddingClient.globalInit()
        let redis = RedisConnection(settings: try environment.redis())
        // Batches of examples take far longer than one query: give them a batch-sized timeout.
        var batchSettings = try environment.embedding()
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
        if let site, let page {
            print("page: wrote \(try site.write(page).joined(separator: ", ")) to \(site.webRoot)")
        }
    }

    /// The word lists in `directory`: its files without a dot in their name and not a README, each
    /// once even when linked under several names.
    static func wordLists(in directory: String) -> [String] {
        SystemFiles.distinctRegularFiles(in: directory).filter { path in
            let name = path.split(separator: "/").last.map(String.init) ?? path
            return !name.hasPrefix("README") && !name.contains(".")
        }
    }
}
