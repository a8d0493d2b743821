import Shared

/// The sentence the page shows under a match result.
enum MatchDetail {
    static func matched(_ position: PositionInfo, score: Int, minutes: Int) -> String {
        "That matches my \(position.title) CV (score \(score) of 100). The download link works once, for \(minutes) minutes."
    }

    static func noMatch(_ decision: MatchDecision, positions: [PositionInfo]) -> String {
        let titles = positions.map(\.title).joined(separator: " or ")
        return "None of my CVs fits that search. I have CVs for: \(titles)."
    }
}
