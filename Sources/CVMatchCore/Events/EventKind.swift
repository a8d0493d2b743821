/// The four things counted per channel and day.
public enum EventKind: String, Sendable, CaseIterable, Codable {
    case visit
    case attempt
    case match
    case download
}

/// The field names of the per-day counter hashes (`cvm:daily:<day>`), empty where a value is missing:
/// - `kind|source|medium|campaign|position` when the event had no `utm_term`, `utm_content` or
///   referrer (the original format: every field written before those were counted reads as one);
/// - `kind|source|medium|campaign|position|term|content|referrer` otherwise.
/// `|` cannot occur in values (`Attribution.sanitise`, `ReferrerHost`, `PositionID`).
public enum EventCounter {
    /// The parts of a counter field.
    public struct Parts: Sendable, Equatable {
        public var kind: EventKind
        public var source: String?
        public var medium: String?
        public var campaign: String?
        public var position: String?
        public var term: String?
        public var content: String?
        public var referrer: String?
    }

    public static func field(_ kind: EventKind, _ attribution: Attribution, position: String? = nil) -> String {
        var parts = [kind.rawValue, attribution.source ?? "", attribution.medium ?? "", attribution.campaign ?? "", position ?? ""]
        if attribution.term != nil || attribution.content != nil || attribution.referrer != nil {
            parts += [attribution.term ?? "", attribution.content ?? "", attribution.referrer ?? ""]
        }
        return parts.joined(separator: "|")
    }

    /// The parts of a counter field (either format); nil when it is not one.
    public static func parse(_ field: String) -> Parts? {
        let parts = field.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5 || parts.count == 8, let kind = EventKind(rawValue: parts[0]) else { return nil }
        func value(_ index: Int) -> String? { index < parts.count && !parts[index].isEmpty ? parts[index] : nil }
        return Parts(kind: kind, source: value(1), medium: value(2), campaign: value(3), position: value(4),
                     term: value(5), content: value(6), referrer: value(7))
    }
}
