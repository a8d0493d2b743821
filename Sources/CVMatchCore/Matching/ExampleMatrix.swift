/// The example vectors of a matcher in one contiguous row-major buffer (`count × dimension`
/// floats) with their labels beside: the exact nearest-example scan reads memory in order, eight
/// lanes at a time, and holds one allocation instead of one per example.
public struct ExampleMatrix: Sendable {
    public let dimension: Int
    public let labels: [String]
    /// The examples' texts, in row order.
    public let texts: [String]
    /// Row `i` is `rows[i * dimension ..< (i + 1) * dimension]`.
    public let rows: [Float]

    public init(_ examples: [LabelledVector], dimension: Int) {
        let usable = examples.filter { $0.vector.count == dimension }
        var rows: [Float] = []
        rows.reserveCapacity(usable.count * dimension)
        for example in usable { rows += example.vector }
        self.dimension = dimension
        self.labels = usable.map(\.label)
        self.texts = usable.map(\.text)
        self.rows = rows
    }

    public var count: Int { labels.count }

    /// Row `row`'s vector, copied out.
    public func vector(at row: Int) -> [Float] {
        Array(rows[row * dimension ..< (row + 1) * dimension])
    }

    /// The `k` examples most similar to `query` (dot product: cosine of unit vectors), best first;
    /// ties keep the examples' order. Exact: every example is scored.
    public func nearest(to query: [Float], k: Int) -> [Neighbour] {
        guard k > 0, query.count == dimension, dimension > 0 else { return [] }
        var top: [(index: Int, similarity: Float)] = []
        top.reserveCapacity(k + 1)
        query.withUnsafeBufferPointer { q in
            rows.withUnsafeBufferPointer { all in
                for row in 0..<count {
                    let similarity = Self.dot(q.baseAddress!, all.baseAddress! + row * dimension, dimension)
                    if top.count == k, let last = top.last, similarity <= last.similarity { continue }
                    var index = top.count
                    while index > 0, top[index - 1].similarity < similarity { index -= 1 }
                    top.insert((row, similarity), at: index)
                    if top.count > k { top.removeLast() }
                }
            }
        }
        return top.map { Neighbour(label: labels[$0.index], similarity: $0.similarity) }
    }

    /// The dot product of `count` floats, sixteen at a time in two SIMD8 accumulators.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        let wide = count / 16 * 16
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>()
        var i = 0
        while i < wide {
            s0 += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            s1 += UnsafeRawPointer(a + i + 8).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + i + 8).loadUnaligned(as: SIMD8<Float>.self)
            i += 16
        }
        var total = (s0 + s1).sum()
        while i < count {
            total += a[i] * b[i]
            i += 1
        }
        return total
    }
}
