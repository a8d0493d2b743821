/// One metric as Prometheus's text format describes it: a name, its help text, its type and its
/// samples (one per label set).
public struct MetricFamily: Sendable, Equatable {
    /// Prometheus's metric types that the processes expose.
    public enum Kind: String, Sendable {
        case counter, gauge, histogram
    }

    /// One series of a counter or gauge.
    public struct Sample: Sendable, Equatable {
        public var labels: [MetricLabel]
        public var value: Double

        public init(labels: [MetricLabel] = [], value: Double) {
            self.labels = labels
            self.value = value
        }
    }

    /// One series of a histogram: the count of observations at or below each upper bound
    /// (cumulative, ascending, without `+Inf`, which is `count`), their sum and their count.
    public struct Histogram: Sendable, Equatable {
        public var labels: [MetricLabel]
        public var buckets: [(upperBound: Double, count: UInt64)]
        public var sum: Double
        public var count: UInt64

        public init(labels: [MetricLabel] = [], buckets: [(upperBound: Double, count: UInt64)], sum: Double, count: UInt64) {
            self.labels = labels
            self.buckets = buckets
            self.sum = sum
            self.count = count
        }

        public static func == (a: Histogram, b: Histogram) -> Bool {
            a.labels == b.labels && a.sum == b.sum && a.count == b.count
                && a.buckets.map(\.upperBound) == b.buckets.map(\.upperBound) && a.buckets.map(\.count) == b.buckets.map(\.count)
        }
    }

    public var name: String
    public var help: String
    public var kind: Kind
    public var samples: [Sample]
    public var histograms: [Histogram]

    /// A counter (`name` ends in `_total`) or a gauge.
    public init(name: String, help: String, kind: Kind, samples: [Sample]) {
        precondition(kind != .histogram, "use init(name:help:histograms:)")
        self.name = name
        self.help = help
        self.kind = kind
        self.samples = samples
        self.histograms = []
    }

    /// A histogram.
    public init(name: String, help: String, histograms: [Histogram]) {
        self.name = name
        self.help = help
        self.kind = .histogram
        self.samples = []
        self.histograms = histograms
    }
}

/// A label name and value on a sample.
public struct MetricLabel: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
