/// Typed, checked access to declared configuration variables (`ConfigCatalog`) over a given
/// name → value map (the process environment in production, a dictionary in tests).
public struct EnvironmentReader: Sendable {
    private let values: [String: String]

    public init(_ values: [String: String]) {
        self.values = values
    }

    /// Whether the variable is set to a non-empty value (its default aside).
    public func isSet(_ variable: ConfigVariable) -> Bool {
        values[variable.name].map { !$0.isEmpty } ?? false
    }

    /// The value, or the variable's default (empty when it has none) when unset or empty.
    public func string(_ variable: ConfigVariable) -> String {
        optionalString(variable) ?? variable.defaultValue ?? ""
    }

    /// The value when set and non-empty, else the default when there is one.
    public func optionalString(_ variable: ConfigVariable) -> String? {
        if let value = values[variable.name], !value.isEmpty { return value }
        return variable.defaultValue.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// An integer within the variable's range, or its default.
    public func int(_ variable: ConfigVariable) throws(ConfigError) -> Int {
        guard case .integer(let range) = variable.kind else {
            preconditionFailure("\(variable.name) is not declared as an integer")
        }
        let text = string(variable)
        guard let value = Int(text.trimmingWhitespace()) else {
            throw ConfigError("\(variable.name)=\(text) is not an integer")
        }
        guard range.contains(value) else {
            throw ConfigError("\(variable.name)=\(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// One of the variable's declared choices.
    public func choice(_ variable: ConfigVariable) throws(ConfigError) -> String {
        guard case .choice(let choices) = variable.kind else {
            preconditionFailure("\(variable.name) is not declared as a choice")
        }
        let text = string(variable)
        guard choices.contains(text) else {
            throw ConfigError("\(variable.name)=\(text): expected \(choices.joined(separator: ", "))")
        }
        return text
    }
}
