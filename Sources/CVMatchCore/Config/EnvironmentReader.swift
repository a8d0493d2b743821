/// Typed, checked access to declared configuration variables (`ConfigCatalog`) over a given
/// name → value map (the process environment in production, a dictionary in tests), optionally
/// layered over an env file: a variable present in the environment, even empty, wins over the file.
/// Every error names the variable, and the file when the value came from one.
public struct EnvironmentReader: Sendable {
    private let values: [String: String]
    private let file: EnvFile?
    /// Names the environment itself holds (the rest of `values` came from `file`).
    private let inEnvironment: Set<String>

    public init(_ values: [String: String]) {
        self.values = values
        file = nil
        inEnvironment = Set(values.keys)
    }

    /// The environment over `file` (`cvctl`, see `EnvFileLocation`).
    public init(environment: [String: String], file: EnvFile?) {
        values = (file?.values ?? [:]).merging(environment) { _, fromEnvironment in fromEnvironment }
        self.file = file
        inEnvironment = Set(environment.keys)
    }

    /// The env file read under the environment, if any.
    public var envFilePath: String? { file?.path }

    /// Where the variable's value comes from.
    public func origin(of variable: ConfigVariable) -> ConfigOrigin {
        if inEnvironment.contains(variable.name) { return .environment }
        if let file, file.values[variable.name] != nil { return .file(file.path) }
        return .unset
    }

    /// "CVMATCH_REDIS from ./run/etc/cvmatch.env", "… from the environment", "… unset: the default".
    public func describe(_ variable: ConfigVariable) -> String {
        let empty = (values[variable.name] ?? "").isEmpty
        switch origin(of: variable) {
        case .file(let path): return empty ? "\(variable.name) empty in \(path): its default" : "\(variable.name) from \(path)"
        case .environment: return empty ? "\(variable.name) empty in the environment: its default" : "\(variable.name) from the environment"
        case .unset: return "\(variable.name) unset: its default"
        }
    }

    /// " (from FILE)" when the variable's value came from an env file, for error messages.
    public func fileNote(_ variable: ConfigVariable) -> String {
        if case .file(let path) = origin(of: variable) { return " (from \(path))" }
        return ""
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
            throw ConfigError("\(variable.name)=\(text) is not an integer" + fileNote(variable))
        }
        guard range.contains(value) else {
            throw ConfigError("\(variable.name)=\(value) is outside \(range.lowerBound)...\(range.upperBound)" + fileNote(variable))
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
            throw ConfigError("\(variable.name)=\(text): expected \(choices.joined(separator: ", "))" + fileNote(variable))
        }
        return text
    }
}
