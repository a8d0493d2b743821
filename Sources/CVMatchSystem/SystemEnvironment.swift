import FoundationEssentials

/// What the process is given from outside: its environment variables and readable files.
public enum SystemEnvironment {
    /// The process environment, for `EnvironmentReader`.
    public static var variables: [String: String] {
        ProcessInfo.processInfo.environment
    }

    /// A file's bytes; nil when it cannot be read.
    public static func readFile(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map(Array.init)
    }
}
