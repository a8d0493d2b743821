/// Restricts a report to the events of one row of a grouping (the dashboard's "click a row"):
/// `filter_by=<grouping>&filter=<values>`, the row's values joined with `|` in the grouping's
/// column order, empty for a missing value (`|` and empty values cannot occur in stored values).
/// Top queries are stored per day, not per channel, so they stay unfiltered.
public struct ReportFilter: Sendable, Equatable {
    public var grouping: ReportGrouping
    public var values: [String?]

    public init(grouping: ReportGrouping, values: [String?]) {
        self.grouping = grouping
        self.values = values
    }

    /// Parses the encoded values; nil when their count does not match the grouping's columns.
    public init?(grouping: ReportGrouping, encoded: String) {
        let parts = encoded.split(separator: "|", omittingEmptySubsequences: false).map { $0.isEmpty ? nil : String($0) }
        guard parts.count == grouping.columns.count else { return nil }
        self.init(grouping: grouping, values: parts)
    }

    /// The `filter` parameter's form of the values.
    public var encoded: String { values.map { $0 ?? "" }.joined(separator: "|") }

    /// Whether a sample belongs to the row.
    public func admits(_ sample: CounterSample) -> Bool {
        grouping.counts(sample) && grouping.values(of: sample) == values
    }
}
