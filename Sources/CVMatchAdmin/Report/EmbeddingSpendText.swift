import CVMatchCore
import CVMatchStore
/// The embedding spend section of `cvctl report`'s table: calls, cache hits, budget refusals,
/// tokens and (with a price) estimated cost for each day that had any, then the total and the
/// days the budget was reached.
enum EmbeddingSpendText {
    static func section(_ spend: EmbeddingSpendReport) -> String {
        var heading = "\nembedding calls"
        var settings: [String] = []
        if let budget = spend.budget { settings.append("budget \(budget.summary)") }
        if let price = spend.pricePerMillionTokens {
            settings.append("price \(ReportText.fixed(price, decimals: 4)) per million tokens")
        } else {
            settings.append("set \(ConfigCatalog.embedPricePerMTok.name) for the cost")
        }
        heading += " (" + settings.joined(separator: "; ") + ")\n"

        let priced = spend.pricePerMillionTokens != nil
        func row(_ label: String, _ day: EmbeddingSpendDay) -> [String] {
            [label, String(day.calls), String(day.cached), String(day.refused), String(day.tokens)]
                + (priced ? [spend.cost(day).map { ReportText.fixed($0, decimals: 6) } ?? ""] : [])
        }
        let head = ["day", "calls", "cache hits", "busy", "tokens"] + (priced ? ["est. cost"] : [])
        let active = spend.days.filter { !$0.isEmpty }
        var out = heading + ReportText.align([head] + active.map { row($0.day, $0) } + [row("total", spend.totals)], numericFrom: 1)
        if spend.totals.estimatedCalls > 0 {
            out += "  tokens of \(spend.totals.estimatedCalls) call(s) are estimated (1 per 4 bytes of text): the server reported no usage\n"
        }
        for day in spend.daysBudgetReached {
            out += "  budget reached on \(day.day): \(day.refused) new quer\(day.refused == 1 ? "y" : "ies") answered busy\n"
        }
        return out
    }
}
