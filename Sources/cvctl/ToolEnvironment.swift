import ArgumentParser
import Synchronization
import CVMatchAdmin
import CVMatchCore
import CVMatchEmbedding
import CVMatchRedis
import CVMatchSystem

/// The settings of one `cvctl` run: the process environment over the env file `EnvFileLocation`
/// chooses, read through the declared variables (`ConfigCatalog`).
struct ToolEnvironment: Sendable {
    let reader: EnvironmentReader

    /// The environment loaded last, so `explained` can say where a failing setting came from.
    private static let loaded = Mutex<ToolEnvironment?>(nil)

    /// Finds and reads the env file (a named one must be readable; a found one that cannot be read
    /// is an error too, rather than silently using defaults).
    static func load(envFile option: String?) throws -> ToolEnvironment {
        let environment = SystemEnvironment.variables
        var file: EnvFile?
        switch EnvFileLocation.choose(option: option, environment: environment, exists: SystemFiles.exists) {
        case .named(let path, let by):
            // /dev/null (no file at all) reads as empty.
            guard let data = SystemEnvironment.readFile(path) ?? (path == "/dev/null" ? [] : nil) else {
                throw Explained(message: "cannot read the env file \(path) named by \(by)")
            }
            file = try parse(data, path: path)
        case .found(let path):
            guard let data = SystemEnvironment.readFile(path) else {
                throw Explained(message: "cannot read \(path) (run as root or as a member of its group, or give --env-file FILE; --env-file /dev/null reads none)")
            }
            file = try parse(data, path: path)
        case .none:
            file = nil
        }
        let tool = ToolEnvironment(reader: EnvironmentReader(environment: environment, file: file))
        loaded.withLock { $0 = tool }
        return tool
    }

    private static func parse(_ data: [UInt8], path: String) throws -> EnvFile {
        do {
            return try EnvFile(parsing: String(decoding: data, as: UTF8.self), path: path)
        } catch {
            throw Explained(message: error.description)
        }
    }

    func redis() throws -> RedisSettings {
        try checked { try RedisSettings(environment: reader) }
    }

    func embedding() throws -> EmbeddingSettings {
        try checked { try EmbeddingSettings(environment: reader, readFile: SystemEnvironment.readFile) }
    }

    func searchMode() throws -> SearchMode {
        try checked { try SearchMode(environment: reader) }
    }

    /// The budget and price `cvctl report` shows next to the embedding spend, from the same
    /// variables match-fcgi reads; only these are read, so a report needs no embedding settings.
    func embeddingSpendSettings() throws -> (budget: EmbeddingBudget, price: Double?) {
        try checked { (try EmbeddingBudget(environment: reader), try EmbeddingPrice.perMillionTokens(environment: reader)) }
    }

    /// A `ConfigError` becomes the command's message.
    private func checked<T>(_ read: () throws -> T) throws -> T {
        do {
            return try read()
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

    /// `error` with the settings behind it when it is a failure to reach Redis or the embedding
    /// server: "redis unavailable: connect 127.0.0.1:6379: Connection refused (CVMATCH_REDIS from
    /// ./run/etc/cvmatch.env)".
    static func explained(_ error: any Error) -> any Error {
        guard let tool = loaded.withLock({ $0 }) else { return error }
        switch error {
        case is RedisError:
            return Explained(message: "\(error) (\(tool.source(of: ConfigCatalog.redis)))")
        case EmbeddingError.rejected(let status, _) where status == 401 || status == 403:
            let key = tool.reader.isSet(ConfigCatalog.embedAPIKey) ? ConfigCatalog.embedAPIKey : ConfigCatalog.embedAPIKeyFile
            let header = tool.reader.string(ConfigCatalog.embedAPIKeyHeader) == EmbeddingKeyHeader.apiKey.rawValue
                ? "api-key: KEY" : "Authorization: Bearer KEY"
            return Explained(message: "\(error) (\(tool.source(of: ConfigCatalog.embedURL)); key: \(tool.source(of: key)), "
                             + "sent as \(header): \(tool.source(of: ConfigCatalog.embedAPIKeyHeader)))")
        case EmbeddingError.unavailable, EmbeddingError.rejected, EmbeddingError.badResponse:
            return Explained(message: "\(error) (\(tool.source(of: ConfigCatalog.embedURL)))")
        default:
            return error
        }
    }

    /// Where a variable's value came from, and, when from nowhere, that no env file was found.
    private func source(of variable: ConfigVariable) -> String {
        let text = reader.describe(variable)
        guard reader.origin(of: variable) == .unset, reader.envFilePath == nil else { return text }
        return text + "; " + EnvFileLocation.searched
    }

    /// An error whose message is already complete.
    struct Explained: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
