import CVMatchCore
import CVMatchStore

/// The sentence the page shows under a match result.
enum MatchDetail {
    static func matched(_ position: PositionInfo, minutes: Int) -> String {
        // The score travels in its own field; the page shows it with its meaning, so it is not repeated here.
        "My \(position.title) CV fits that position. The download link works once, for \(minutes) minutes."
    }

    static func noMatch(_ decision: MatchDecision, positions: [PositionInfo]) -> String {
        let titles = positions.map(\.title)
        let offer = "I have CVs for: \(titles.joined(separator: ", "))."
        switch decision.reason {
        case .noRealWords, .suspiciousInput:
            return "That doesn't read like a job title. Try something like “\(titles.first ?? "Backend Developer")”."
        case .ambiguous:
            return "That could fit more than one of my CVs. Please be more specific. \(offer)"
        case .matched, .tooFar, .counterExample, .busy:
            return "None of my CVs fits that position. \(offer)"
        }
    }
}
