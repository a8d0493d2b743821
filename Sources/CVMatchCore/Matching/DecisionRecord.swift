/// A decision as cached per matcher version and query (`cvm:dec:…`), in the form the cached-match
/// script reads without decoding JSON: five lines — matched position (empty when refused), score,
/// reason, nearest position (empty when none), and the query-outcome record (`QueryOutcomeRecord`)
/// the attempt logs.
public struct DecisionRecord: Sendable, Equatable {
    public var decision: MatchDecision

    public init(_ decision: MatchDecision) {
        self.decision = decision
    }

    /// The stored form.
    public var encoded: String {
        let d = decision
        return [d.positionID ?? "", String(d.score), d.reason.rawValue, d.bestPositionID ?? "",
                QueryOutcomeRecord(score: d.score, outcome: d.reason, position: d.positionID ?? d.bestPositionID).encoded]
            .joined(separator: "\n")
    }

    /// Reads the stored form; nil when it is not one.
    public init?(decoding text: String) {
        // Lines cut on the UTF-8 view (a hot path: every cached match reads one).
        var parts: [Substring] = []
        parts.reserveCapacity(5)
        var rest = text[...]
        while let cut = rest.utf8.firstIndex(of: 0x0A) {
            guard parts.count < 4 else { return nil }
            parts.append(rest[..<cut])
            rest = rest[rest.utf8.index(after: cut)...]
        }
        parts.append(rest)
        guard parts.count == 5, let score = Int(parts[1]), let reason = MatchDecision.Reason(rawValue: String(parts[2])) else {
            return nil
        }
        self.init(MatchDecision(positionID: parts[0].isEmpty ? nil : String(parts[0]),
                                bestPositionID: parts[3].isEmpty ? nil : String(parts[3]), score: score, reason: reason))
    }

    /// The text a decision is cached under: the query's normalised lines (`RoleSpanExtractor.lines`),
    /// joined by line breaks. It is everything the matching path reads of the visitor's text (the
    /// spans come from these lines, the lexical check and the recorded query from the same words
    /// joined by spaces), so equal key texts get equal decisions; a one-line query's key text is
    /// its normalised form, whatever its case and spacing.
    public static func keyText(of text: String) -> String {
        RoleSpanExtractor.lines(of: text).joined(separator: "\n")
    }

    /// `keyText(of: text)` when `normalised` is `QueryNormaliser.normalise(text)`: a text without
    /// line breaks is one line, its normalised form.
    public static func keyText(of text: String, normalised: String) -> String {
        text.utf8.contains { $0 == 0x0A || $0 == 0x0D || $0 == 0xE2 } ? keyText(of: text) : normalised
    }
}
