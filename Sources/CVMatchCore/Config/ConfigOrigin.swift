/// Where a configuration value came from, for messages that tell the owner which setting to fix.
public enum ConfigOrigin: Sendable, Equatable {
    /// The process environment (it wins over an env file).
    case environment
    /// An env file, by path.
    case file(String)
    /// Neither: the variable's default applies.
    case unset
}
