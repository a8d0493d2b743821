/// Nearest examples for the spans of a long text, computed in process for both search modes (the
/// example vectors are already in memory): SIMD dot products and a bounded top-`k` selection, so
/// several spans of a pasted ad fit the decision budget.
public enum SpanSearch {
    /// The `k` most similar examples, best first (ties keep the examples' order).
    public static func nearest(to query: [Float], in examples: [LabelledVector], k: Int) -> [Neighbour] {
        guard k > 0 else { return [] }
        var top: [Neighbour] = []
        top.reserveCapacity(k + 1)
        query.withUnsafeBufferPointer { q in
            for example in examples where example.vector.count == q.count {
                let similarity = example.vector.withUnsafeBufferPointer { dot(q, $0) }
                if top.count == k, let last = top.last, similarity <= last.similarity { continue }
                var index = top.count
                while index > 0, top[index - 1].similarity < similarity { index -= 1 }
                top.insert(Neighbour(label: example.label, similarity: similarity), at: index)
                if top.count > k { top.removeLast() }
            }
        }
        return top
    }

    /// The dot product eight lanes at a time.
    static func dot(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>) -> Float {
        guard let pa = a.baseAddress, let pb = b.baseAddress else { return 0 }
        let lanes = a.count / 8 * 8
        var sum = SIMD8<Float>()
        var i = 0
        while i < lanes {
            sum += UnsafeRawPointer(pa + i).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(pb + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var total = sum.sum()
        while i < a.count {
            total += pa[i] * pb[i]
            i += 1
        }
        return total
    }
}
