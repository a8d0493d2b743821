import CVMatchCore
import CVMatchSystem

/// The 503 `busy` a visitor gets for a new query while the embedding budget is spent: it names
/// the listed positions (their titles still answer at once) and when new searches work again.
enum BusyAnswer {
    static func response(_ spent: BudgetSpent, positions: [PositionInfo], now: Int) -> HTTPResponse {
        let titles = positions.map(\.title)
        let pick = titles.isEmpty ? "" : " Pick one of the listed positions — \(titles.joined(separator: ", ")) — they still answer at once,"
        let detail = "For now I can only answer searches I have seen before."
            + pick + (pick.isEmpty ? " Please" : " or") + " try your own wording again after "
            + BudgetWindows.timestamp(ofHour: spent.resetsAt).dropFirst(11).prefix(5) + " UTC."
        var response = HTTPResponse.error(APIError(status: .serviceUnavailable, error: "busy", detail: detail))
        response.headers.append(("Retry-After", String(max(1, spent.resetsAt - now))))
        return response
    }
}
