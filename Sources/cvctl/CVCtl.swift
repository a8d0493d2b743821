import ArgumentParser
import CVMatchAdmin
import CVMatchCore
import CVMatchStore
import CVMatchSystem

/// The owner's admin tool: populate positions, evaluate matching, report channels, make links.
@main
struct CVCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cvctl",
        abstract: "Administer a cvmatch site. Reads the same CVMATCH_* environment as the FastCGI processes.",
        subcommands: [ConfigCommand.self, PopulateCommand.self, EvalCommand.self, ReportCommand.self, LinkCommand.self, DemoCommand.self,
                      SiteCommand.self, BackupCommand.self, RestoreCommand.self]
    )
}

/// Settings every subcommand that talks to Redis or the embedder shares.
struct ToolEnvironment {
    let redis: RedisSettings
    let embedding: EmbeddingSettings
    let searchMode: SearchMode

    /// The process environment, read through the declared variables (`ConfigCatalog`).
    static var reader: EnvironmentReader { EnvironmentReader(SystemEnvironment.variables) }

    init() throws {
        let env = Self.reader
        do {
            redis = try RedisSettings(environment: env)
            embedding = try EmbeddingSettings(environment: env, readFile: SystemEnvironment.readFile)
            searchMode = try SearchMode(environment: env)
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        }
    }

    /// The positions file at `path`, read and checked; errors become the command's message.
    static func positionsFile(at path: String) throws -> PositionsFile {
        guard let data = SystemEnvironment.readFile(path) else { throw ValidationError("cannot read \(path)") }
        do {
            return try PositionsFile(data: data, path: path)
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        }
    }
}
