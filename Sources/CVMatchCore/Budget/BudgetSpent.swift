/// An uncached query refused because a window's embedding budget is spent; the visitor gets
/// 503 `busy`, and the first refusal of each window is logged (`refusalsInWindow == 1`).
public struct BudgetSpent: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Window: String, Sendable {
        case hour
        case day
    }

    public var window: Window
    /// The limit that was reached.
    public var limit: Int
    /// Refused queries in this window so far, this one included (across all processes).
    public var refusalsInWindow: Int
    /// Unix time the window ends and calls are allowed again.
    public var resetsAt: Int

    public init(window: Window, limit: Int, refusalsInWindow: Int, resetsAt: Int) {
        self.window = window
        self.limit = limit
        self.refusalsInWindow = refusalsInWindow
        self.resetsAt = resetsAt
    }

    /// The variable that sets this window's limit.
    public var variable: String {
        (window == .hour ? ConfigCatalog.embedBudgetPerHour : ConfigCatalog.embedBudgetPerDay).name
    }

    /// The owner's log line.
    public var description: String {
        "embedding budget spent: \(limit) calls this \(window.rawValue) (\(variable)=\(limit)); "
            + "uncached queries answer 503 busy until \(BudgetWindows.timestamp(ofHour: resetsAt)) "
            + "(logged once per window; cached queries and downloads keep working)"
    }
}
