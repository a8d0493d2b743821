/// The latest outcome of a query on a day, as stored in `cvm:qout:<day>`: `score|outcome|position`
/// (the position matched, else the nearest; empty when none).
public struct QueryOutcomeRecord: Sendable, Equatable {
    public var score: Int?
    public var outcome: MatchDecision.Reason?
    public var position: String?

    public init(score: Int?, outcome: MatchDecision.Reason?, position: String?) {
        self.score = score
        self.outcome = outcome
        self.position = position
    }

    /// Reads the stored form; missing or unreadable parts are nil.
    public init(decoding text: String) {
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        func part(_ index: Int) -> String? { index < parts.count && !parts[index].isEmpty ? parts[index] : nil }
        self.init(score: part(0).flatMap { Int($0) }, outcome: part(1).flatMap(MatchDecision.Reason.init(rawValue:)),
                  position: part(2))
    }

    /// The stored form.
    public var encoded: String {
        "\(score.map(String.init) ?? "")|\(outcome?.rawValue ?? "")|\(position ?? "")"
    }
}
