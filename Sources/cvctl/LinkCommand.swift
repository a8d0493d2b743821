import ArgumentParser
import FoundationEssentials
import CVMatchAdmin
import CVMatchCore
import CVMatchEmbedding
import CVMatchHTTPClient
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// `cvctl link`: tagged links for sharing, registered so reports know their campaigns.
struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Make and list UTM-tagged links to the site.",
        subcommands: [New.self, List.self]
    )

    /// `cvctl link new`: prints the tagged URL, registers it, and optionally shortens it with Dub.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Print a UTM-tagged link to the site and register its campaign (cvm:campaigns).",
            discussion: """
            Values are stored the way the site records them: trimmed and lowercased; spaces and other \
            characters are percent-encoded in the URL. With --shorten, DUB_API_KEY must hold a Dub API key; \
            the short link is made with POST {--dub-url}/links and printed on the last line.
            """
        )

        @Option(help: "utm_source, e.g. linkedin.")
        var source: String

        @Option(help: "utm_medium, e.g. social.")
        var medium: String

        @Option(help: "utm_campaign, e.g. apply-directly.")
        var campaign: String

        @Option(help: "utm_term (optional).")
        var term: String?

        @Option(help: "utm_content (optional).")
        var content: String?

        @Option(help: "The page to link to. Default: $CVMATCH_SITE_URL.")
        var base: String?

        @Flag(help: "Also make a Dub short link (needs DUB_API_KEY).")
        var shorten = false

        @Option(help: "With --shorten: the short link's slug (Dub picks one when omitted).")
        var key: String?

        @Option(help: "With --shorten: Dub's API base URL. Default: $DUB_API_URL or \(DubClient.defaultBaseURL).")
        var dubURL: String?

        @OptionGroup var settings: ConfigurationOptions

        func run() throws {
            let environment = try settings.load()
            let env = environment.reader
            let base = base ?? env.string(ConfigCatalog.siteURL)
            let apiKey = env.optionalString(ConfigCatalog.dubAPIKey)
            if shorten && apiKey == nil {
                throw ValidationError("--shorten needs a Dub API key in DUB_API_KEY")
            }
            let link: TaggedLink
            do {
                link = try TaggedLink(base: base, source: source, medium: medium, campaign: campaign, term: term, content: content)
            } catch {
                throw ValidationError(error.description)
            }
            print(link.url)
            let registry = CampaignRegistry(redis: RedisConnection(settings: try environment.redis()))
            var record = RegisteredLink(link, created: SystemClock.isoTimestamp())
            try registry.register(record)

            guard shorten, let apiKey else { return }
            EmbeddingClient.globalInit()
            let client = DubClient(baseURL: dubURL ?? env.string(ConfigCatalog.dubAPIURL), apiKey: apiKey)
            // A DubError's description is the message the owner sees ("Error: …", exit status 1).
            record.shortLink = try client.shorten(link, key: key, session: CurlSession(connectTimeoutMilliseconds: 5000,
                                                                                        timeoutMilliseconds: 20_000))
            try registry.register(record)
            print(record.shortLink ?? "")
        }
    }

    /// `cvctl link list`: the registered links, oldest first.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the registered links.")

        @Flag(help: "Print JSON (a list of the stored records).")
        var json = false

        @OptionGroup var settings: ConfigurationOptions

        func run() throws {
            let links = try CampaignRegistry(redis: RedisConnection(settings: try settings.load().redis())).list()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(links), as: UTF8.self))
                return
            }
            if links.isEmpty {
                print("no registered links yet; make one with: cvctl link new --source … --medium … --campaign …")
                return
            }
            for link in links {
                var line = "\(link.created)  \(link.source) / \(link.medium) / \(link.campaign)"
                if let term = link.term { line += "  term=\(term)" }
                if let content = link.content { line += "  content=\(content)" }
                print(line)
                print("    \(link.url)" + (link.shortLink.map { "\n    \($0)" } ?? ""))
            }
        }
    }
}

