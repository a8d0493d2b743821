import CVMatchCore
import CVMatchStore

/// The text forms of a report: aligned tables for people, CSV of the funnel rows for spreadsheets.
public enum ReportText {
    /// Shown for a missing UTM value or position.
    public static let missing = "(none)"

    /// The funnel table by the report's grouping, then downloads per position and the top queries.
    public static func table(_ report: ChannelReport) -> String {
        let r = report.range
        var out = "cvmatch funnel \(r.since) … \(r.until) (\(r.dayCount) day\(r.dayCount == 1 ? "" : "s"), by \(report.grouping.rawValue))"
        if report.includesDemo { out += " — includes demo data (cvctl demo --clear removes it)" }
        out += "\n\n"

        let head = report.grouping.columns + ["visits", "attempts", "matches", "downloads", "match rate",
                                              "dl/visit", "dl/attempt"] + (report.grouping.isChannelGrouping ? ["status"] : [])
        var body = report.rows.map { row in
            row.values.map { $0 ?? missing } + counts(row.counts) + rates(row.counts)
                + (row.status.map { [$0.rawValue + (row.demo ? " (demo)" : "")] } ?? (row.demo ? ["(demo)"] : []))
        }
        body.append(["total"] + Array(repeating: "", count: report.grouping.columns.count - 1)
                    + counts(report.totals) + rates(report.totals))
        out += align([head] + body, numericFrom: report.grouping.columns.count, numericUntil: report.grouping.columns.count + 7)

        out += "\ndownloads per position\n"
        out += align([["position", "attempts", "matches", "downloads"]]
                     + report.positions.map { [$0.position ?? missing, String($0.attempts), String($0.matches), String($0.downloads)] },
                     numericFrom: 1)

        out += "\ntop queries\n"
        if report.topQueries.isEmpty {
            out += "  (none stored for this range; see CVMATCH_QUERY_RETENTION_DAYS)\n"
        } else {
            out += align([["attempts", "score", "outcome", "position", "query"]]
                         + report.topQueries.map { [String($0.attempts), $0.score.map(String.init) ?? "", $0.outcome ?? "",
                                                    $0.position ?? missing, $0.query] },
                         numericFrom: 0, numericUntil: 2)
        }
        if !report.unknownCampaigns.isEmpty {
            out += "\nunknown UTM values (no registered link; see cvctl link new)\n"
            out += align([["utm_source", "utm_medium", "utm_campaign", "visits", "downloads"]]
                         + report.unknownCampaigns.map { c in
                             [c.channel.source ?? missing, c.channel.medium ?? missing, c.channel.campaign ?? missing,
                              String(c.counts.visits), String(c.counts.downloads)]
                         }, numericFrom: 3)
        }
        out += EmbeddingSpendText.section(report.embedding)
        return out
    }

    /// The funnel rows as CSV (RFC 4180, header first, rates as fractions).
    public static func csv(_ report: ChannelReport) -> String {
        let head = report.grouping.columns + ["visits", "attempts", "matches", "downloads", "match_rate",
                                              "downloads_per_visit", "downloads_per_attempt", "status", "demo"]
        let lines = [head] + report.rows.map { row in
            row.values.map { $0 ?? "" } + counts(row.counts)
                + [row.counts.matchRate, row.counts.downloadsPerVisit, row.counts.downloadsPerAttempt]
                    .map { ReportJSON.rounded($0).map { fixed($0, decimals: 4) } ?? "" }
                + [row.status?.rawValue ?? "", row.demo ? "true" : "false"]
        }
        return lines.map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// A value with `decimals` digits after the point, e.g. `fixed(0.5, decimals: 1)` is `0.5`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        let fraction = String(scaled % scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        let whole = sign + String(scaled / scale)
        return decimals == 0 ? whole : whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// `42.9%`, or `-` without a denominator.
    public static func percent(_ rate: Double?) -> String {
        rate.map { fixed($0 * 100, decimals: 1) + "%" } ?? "-"
    }

    private static func counts(_ c: FunnelCounts) -> [String] {
        [c.visits, c.attempts, c.matches, c.downloads].map(String.init)
    }

    private static func rates(_ c: FunnelCounts) -> [String] {
        [c.matchRate, c.downloadsPerVisit, c.downloadsPerAttempt].map(percent)
    }

    /// Quotes a field when needed; a leading `= + - @` is defused so spreadsheets never run it.
    static func csvField(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@".contains(first), Double(text) == nil { text = "'" + text }
        guard text.contains(where: { ",\"\r\n".contains($0) }) else { return text }
        return "\"" + String(text.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }) + "\""
    }

    /// Aligned columns, two spaces apart; columns in `numericFrom..<numericUntil` are right-aligned.
    static func align(_ rows: [[String]], numericFrom: Int, numericUntil: Int = .max) -> String {
        let count = rows.map(\.count).max() ?? 0
        let widths = (0..<count).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            var line = "  "
            for (column, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                let numeric = column >= numericFrom && column < numericUntil
                line += (numeric ? pad + cell : cell + (column == row.count - 1 ? "" : pad)) + "  "
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line + "\n"
        }.joined()
    }
}
