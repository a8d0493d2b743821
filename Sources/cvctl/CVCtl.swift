import ArgumentParser
import Shared

/// The owner's admin tool: populate positions, evaluate matching, report channels, make links.
@main
struct CVCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cvctl",
        abstract: "Administer a cvmatch site. Reads the same CVMATCH_* environment as the FastCGI processes.",
        subcommands: [PopulateCommand.self, EvalCommand.self, ReportCommand.self, LinkCommand.self, DemoCommand.self,
                      SiteCommand.self]
    )
}

/// Settings every subcommand that talks to Redis or the embedder shares.
struct ToolEnvironment {
    let redis: RedisSettings
    let embedding: EmbeddingSettings
    let searchMode: SearchMode

    init() throws {
        let env = EnvironmentReader()
        do {
            redis = try RedisSettings(environment: env)
            embedding = try EmbeddingSettings(environment: env)
            searchMode = try SearchMode(environment: env)
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        }
    }
}
