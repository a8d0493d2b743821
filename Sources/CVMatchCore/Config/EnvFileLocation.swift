/// Which env file `cvctl` reads: `--env-file`, else `CVMATCH_ENV_FILE`, else the local stack's
/// `./run/etc/cvmatch.env` when it exists (right after `make run`, from the repository root), else
/// production's `/etc/cvmatch/cvmatch.env` when it exists, else none (the environment alone).
public enum EnvFileLocation {
    /// The file `make run` writes, relative to the repository root.
    public static let localStack = "./run/etc/cvmatch.env"
    /// The file `deploy/` installs.
    public static let production = "/etc/cvmatch/cvmatch.env"

    /// The outcome of the search.
    public enum Choice: Sendable, Equatable {
        /// Named by the owner (`by`: `--env-file` or `CVMATCH_ENV_FILE`): it must be readable.
        case named(path: String, by: String)
        /// Found at one of the usual places.
        case found(path: String)
        /// No file named and none at the usual places.
        case none
    }

    /// - Parameters:
    ///   - option: the `--env-file` value, if given.
    ///   - environment: the process environment (for `CVMATCH_ENV_FILE`; empty counts as unset).
    ///   - exists: whether a path exists.
    public static func choose(option: String?, environment: [String: String], exists: (String) -> Bool) -> Choice {
        if let option { return .named(path: option, by: "--env-file") }
        if let named = environment[ConfigCatalog.envFile.name], !named.isEmpty {
            return .named(path: named, by: ConfigCatalog.envFile.name)
        }
        for path in [localStack, production] where exists(path) {
            return .found(path: path)
        }
        return .none
    }

    /// What the owner is told when no file was found.
    public static var searched: String {
        "no env file: neither \(localStack) nor \(production) exists, and neither --env-file nor \(ConfigCatalog.envFile.name) names one"
    }
}
