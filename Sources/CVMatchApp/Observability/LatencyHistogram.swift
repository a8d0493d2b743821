import CVMatchCore
/// Request durations in fixed buckets (0.5 ms to 5 s), observed lock-free: one atomic add for
/// the bucket, one for the sum (nanoseconds), one for the count. A scrape while requests run may
/// see a bucket and the count one observation apart, which Prometheus tolerates.
public final class LatencyHistogram: Sendable {
    /// Upper bounds in seconds, ascending (Prometheus's `le`).
    public static let upperBounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
    private static let upperBoundsNanoseconds = upperBounds.map { UInt64($0 * 1e9) }

    /// Observations per bucket, not cumulative; the last one is above every bound.
    private let buckets = (0...LatencyHistogram.upperBounds.count).map { _ in MetricCounter() }
    private let sumNanoseconds = MetricCounter()

    public init() {}

    public func observe(nanoseconds: UInt64) {
        var index = 0
        while index < Self.upperBoundsNanoseconds.count, nanoseconds > Self.upperBoundsNanoseconds[index] { index += 1 }
        buckets[index].increment()
        sumNanoseconds.add(nanoseconds)
    }

    /// The histogram as Prometheus wants it: cumulative buckets, sum in seconds.
    public func sample(labels: [MetricLabel]) -> MetricFamily.Histogram {
        var running: UInt64 = 0
        var cumulative: [(upperBound: Double, count: UInt64)] = []
        for (bound, bucket) in zip(Self.upperBounds, buckets) {
            running += bucket.value
            cumulative.append((bound, running))
        }
        running += buckets[Self.upperBounds.count].value
        return MetricFamily.Histogram(labels: labels, buckets: cumulative,
                                      sum: Double(sumNanoseconds.value) / 1e9, count: running)
    }
}
