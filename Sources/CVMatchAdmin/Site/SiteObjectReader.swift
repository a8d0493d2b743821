import CVMatchCore
import CVMatchStore
import CVMatchSystem

/// Reads one JSON object of the site file, field by field, naming `file` and the field's path in
/// every error; unknown keys are refused so a typo ("sumary") is caught instead of silently ignored.
struct SiteObjectReader {
    let file: String
    let path: String
    private let values: [String: SiteJSONValue]

    init(_ value: SiteJSONValue, file: String, path: String, allowed: Set<String>) throws(SiteConfigError) {
        self.file = file
        self.path = path
        guard case .object(let values, let order) = value else {
            throw SiteConfigError(file: file, field: path, problem: "must be an object, not \(value.kindDescription)")
        }
        if let unknown = order.first(where: { !allowed.contains($0) }) {
            throw SiteConfigError(file: file, field: Self.join(path, unknown),
                                  problem: "unknown field (known here: \(allowed.sorted().joined(separator: ", ")))")
        }
        self.values = values
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    func field(_ key: String) -> String { Self.join(path, key) }

    func error(_ key: String, _ problem: String) -> SiteConfigError {
        SiteConfigError(file: file, field: field(key), problem: problem)
    }

    func value(_ key: String) -> SiteJSONValue? {
        guard let value = values[key], value != .null else { return nil }
        return value
    }

    /// A trimmed string of 1…`maximum` characters; nil when absent, null or blank and optional.
    func string(_ key: String, maximum: Int, required: Bool = false) throws(SiteConfigError) -> String? {
        guard let value = value(key) else {
            if required { throw error(key, "is required") }
            return nil
        }
        guard case .string(let raw) = value else { throw error(key, "must be a string, not \(value.kindDescription)") }
        let text = raw.trimmingWhitespace()
        if text.isEmpty {
            if required { throw error(key, "is required and must not be blank") }
            return nil
        }
        guard text.count <= maximum else { throw error(key, "is \(text.count) characters; at most \(maximum)") }
        guard !text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || $0.value == 0x7F }) else {
            throw error(key, "contains control characters")
        }
        return text
    }

    /// A list; empty when absent.
    func list(_ key: String, maximum: Int) throws(SiteConfigError) -> [SiteJSONValue] {
        guard let value = value(key) else { return [] }
        guard case .array(let items) = value else { throw error(key, "must be a list, not \(value.kindDescription)") }
        guard items.count <= maximum else { throw error(key, "has \(items.count) entries; at most \(maximum)") }
        return items
    }

    /// The keys of an object field, in file order, with their values.
    func entries(_ key: String) throws(SiteConfigError) -> [(String, SiteJSONValue)] {
        guard let value = value(key) else { return [] }
        guard case .object(let values, let order) = value else {
            throw error(key, "must be an object, not \(value.kindDescription)")
        }
        return order.map { ($0, values[$0]!) }
    }
}
