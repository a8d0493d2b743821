/// A configuration value is missing or unusable; the message names the variable and what is wrong.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
