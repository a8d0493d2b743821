import CVMatchCore
import Synchronization

/// A count that only goes up, incremented lock-free (a relaxed atomic add) from any thread.
public final class MetricCounter: Sendable {
    private let count = Atomic<UInt64>(0)

    public init() {}

    public func increment() {
        count.add(1, ordering: .relaxed)
    }

    public func add(_ amount: UInt64) {
        count.add(amount, ordering: .relaxed)
    }

    public var value: UInt64 { count.load(ordering: .relaxed) }
}

/// One counter per value of a label, all made up front, so counting is a dictionary read and an
/// atomic add (no lock, no allocation).
public struct LabelledCounters<Label: Hashable & CaseIterable & RawRepresentable & Sendable>: Sendable
where Label.RawValue == String {
    private let counters: [Label: MetricCounter]

    public init() {
        counters = Dictionary(uniqueKeysWithValues: Label.allCases.map { ($0, MetricCounter()) })
    }

    public func increment(_ label: Label) {
        counters[label]!.increment()
    }

    public func value(_ label: Label) -> UInt64 { counters[label]!.value }

    /// Every label's sample, in the label type's order.
    public func samples(labelName: String) -> [MetricFamily.Sample] {
        Label.allCases.map { MetricFamily.Sample(labels: [MetricLabel(labelName, $0.rawValue)], value: Double(value($0))) }
    }
}
