import ArgumentParser
import CVMatchAdmin
import CVMatchCore
import CVMatchEmbedding
import CVMatchHTTPClient
import CVMatchRedis
import CVMatchStore

extension LinkCommand {
    /// `cvctl link rm`: forgets a registered link and deletes its Dub short link.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Remove a registered link (and, when it has one, its Dub short link).",
            discussion: "The link is named by its UTM values, as given to `link new`. Counters already recorded stay."
        )

        @Option(help: "utm_source of the link.") var source: String
        @Option(help: "utm_medium of the link.") var medium: String
        @Option(help: "utm_campaign of the link.") var campaign: String
        @Option(help: "utm_term of the link (when it has one).") var term: String?
        @Option(help: "utm_content of the link (when it has one).") var content: String?

        @Option(help: "Dub's API base URL. Default: $DUB_API_URL or \(DubClient.defaultBaseURL).")
        var dubURL: String?

        @OptionGroup var settings: ConfigurationOptions

        func run() throws {
            let environment = try settings.load()
            let env = environment.reader
            let link: TaggedLink
            do {
                link = try TaggedLink(base: "https://x/", source: source, medium: medium, campaign: campaign,
                                      term: term, content: content)
            } catch {
                throw ValidationError(error.description)
            }
            let field = CampaignField.encode(RegisteredLink(link, created: ""))
            let registry = CampaignRegistry(redis: RedisConnection(settings: try environment.redis()))
            guard let record = try registry.find(field: field) else {
                throw ValidationError("no registered link has these values (see `cvctl link list`)")
            }
            if let id = record.dubLinkID {
                guard let apiKey = env.optionalString(ConfigCatalog.dubAPIKey) else {
                    throw ValidationError("the link has a Dub short link (\(id)): deleting it needs DUB_API_KEY")
                }
                EmbeddingClient.globalInit()
                let client = DubClient(baseURL: dubURL ?? env.string(ConfigCatalog.dubAPIURL), apiKey: apiKey)
                var failure: DubError?
                do throws(DubError) {
                    try client.delete(linkID: id, session: CurlSession(connectTimeoutMilliseconds: 5000, timeoutMilliseconds: 20_000))
                } catch {
                    failure = error
                }
                switch failure {
                case nil: print("deleted Dub link \(id) (\(record.shortLink ?? ""))")
                case .notFound?: print("Dub no longer had \(id); removing the registration")
                case let error?: throw error
                }
            }
            _ = try registry.remove(field: field)
            print("removed \(record.url)")
        }
    }
}
