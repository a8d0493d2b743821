/// The four things counted per channel and day.
public enum EventKind: String, Sendable, CaseIterable, Codable {
    case visit
    case attempt
    case match
    case download
}

/// The field names of the per-day counter hashes (`cvm:daily:<day>`):
/// `kind|source|medium|campaign|position`, empty where a value is missing.
/// `|` cannot occur in values (`Attribution.sanitise`, `PositionID`).
public enum EventCounter {
    public static func field(_ kind: EventKind, _ attribution: Attribution, position: String? = nil) -> String {
        [kind.rawValue, attribution.source ?? "", attribution.medium ?? "", attribution.campaign ?? "", position ?? ""]
            .joined(separator: "|")
    }

    /// The parts of a counter field; nil when it is not one.
    public static func parse(_ field: String) -> (kind: EventKind, source: String?, medium: String?, campaign: String?, position: String?)? {
        let parts = field.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, let kind = EventKind(rawValue: parts[0]) else { return nil }
        func value(_ s: String) -> String? { s.isEmpty ? nil : s }
        return (kind, value(parts[1]), value(parts[2]), value(parts[3]), value(parts[4]))
    }
}
