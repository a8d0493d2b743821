import CVMatchCore

/// A visitor's uncached query refused because the embedding budget is spent (the attempt was
/// recorded as `busy`); `positions` are the titles that still answer at once.
public struct BusyRefusal: Error, CustomStringConvertible {
    public var spent: BudgetSpent
    public var positions: [PositionInfo]

    public var description: String { spent.description }
}
