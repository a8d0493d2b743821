import FoundationEssentials

/// Typed access to `CVMATCH_*` environment variables with defaults and range checks.
public struct EnvironmentReader: Sendable {
    private let values: [String: String]

    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    /// The value, or `fallback` when unset or empty.
    public func string(_ name: String, default fallback: String) -> String {
        guard let value = values[name], !value.isEmpty else { return fallback }
        return value
    }

    /// The value when set and non-empty.
    public func optionalString(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// An integer within `range`, or `fallback` when unset.
    public func int(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = optionalString(name) else { return fallback }
        guard let value = Int(text.trimmingWhitespace()) else {
            throw ConfigError("\(name)=\(text) is not an integer")
        }
        guard range.contains(value) else {
            throw ConfigError("\(name)=\(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }
}
