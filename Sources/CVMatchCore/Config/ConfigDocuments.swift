/// The documents written from `ConfigCatalog`: the README's table, env files and the listing of
/// `cvctl config`. Pure: values come in as a map.
public enum ConfigDocuments {
    /// The README's configuration table (Markdown), one row per variable.
    public static func markdownTable(_ variables: [ConfigVariable] = ConfigCatalog.all) -> String {
        var lines = ["| variable | default | meaning |", "|---|---|---|"]
        for variable in variables {
            lines.append("| `\(variable.name)` | \(variable.defaultText) | \(variable.meaning) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Where an env file's values come from, strongest first.
    public struct Values: Sendable {
        /// Values already in the environment (non-empty ones win).
        public var environment: [String: String]
        /// Values the caller gives (`cvctl config env --value NAME=VALUE`).
        public var given: [String: String]
        /// Whether to fall back to each variable's production `example` before its default.
        public var useExamples: Bool

        public init(environment: [String: String] = [:], given: [String: String] = [:], useExamples: Bool = false) {
            self.environment = environment
            self.given = given
            self.useExamples = useExamples
        }

        func value(of variable: ConfigVariable) -> String? {
            if let value = environment[variable.name], !value.isEmpty { return value }
            if let value = given[variable.name] { return value }
            if useExamples, let example = variable.example { return example }
            return variable.defaultValue
        }
    }

    /// An env file (`KEY="VALUE"` lines, as systemd's `EnvironmentFile` and `set -a; .` read them):
    /// every variable that belongs in one, with its meaning as a comment; a variable without a value
    /// is left commented out. Secrets and the per-process socket are never written.
    public static func envFile(values: Values, header: [String]) -> String {
        var out = header.map { "# " + $0 }
        for variable in ConfigCatalog.all {
            out.append("")
            out.append("# " + variable.meaning)
            if let note = variable.note {
                out += note.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 }
            }
            guard variable.belongsInEnvFile else {
                out.append("# \(variable.name): " + (variable.kind == .secret
                    ? "a secret; give it in the environment of the command or as a file, never here"
                    : "set per process, not here"))
                continue
            }
            if let value = values.value(of: variable) {
                out.append("\(variable.name)=\(quoted(value))")
            } else {
                out.append("#\(variable.name)=")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// `cvctl config`: each variable with the value `reader` gives it (and where that came from),
    /// its default and meaning.
    public static func listing(_ reader: EnvironmentReader) -> String {
        ConfigCatalog.all.map { variable in
            var value: String
            if reader.isSet(variable) {
                value = variable.kind == .secret ? "(set, not shown)" : reader.string(variable)
                if case .file(let path) = reader.origin(of: variable) { value += "  (from \(path))" }
            } else {
                value = "(default)"
            }
            let readers = variable.readers.map(\.rawValue).sorted().joined(separator: ", ")
            return "\(variable.name) = \(value)\n    default \(plain(variable.defaultText)); read by \(readers.isEmpty ? "—" : readers)\n    \(plain(variable.meaning))"
        }.joined(separator: "\n") + "\n"
    }

    /// A value as a shell/systemd word: bare when it is plain, else double-quoted.
    static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "_./:@,+-=%".unicodeScalars.contains($0))
        }
        if plain { return value }
        var out = "\""
        for character in value {
            if "\"\\$`".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }

    /// Markdown without its backticks, for comments and terminals.
    static func plain(_ markdown: String) -> String {
        String(markdown.filter { $0 != "`" })
    }
}
