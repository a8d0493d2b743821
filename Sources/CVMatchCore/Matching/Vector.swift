/// Float vectors: normalising, dot products, and the little-endian float32 blobs Redis stores.
public enum Vector {
    /// `v / |v|`; a zero vector stays zero.
    public static func normalised(_ v: [Float]) -> [Float] {
        var sum: Float = 0
        for x in v { sum += x * x }
        guard sum > 0 else { return v }
        let scale = 1 / sum.squareRoot()
        return v.map { $0 * scale }
    }

    /// The dot product; the cosine similarity of unit vectors.
    @inline(__always)
    public static func dot(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count)
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                var sum: Float = 0
                for i in 0..<x.count { sum += x[i] * y[i] }
                return sum
            }
        }
    }

    public static func blob(_ v: [Float]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(v.count * 4)
        for x in v {
            let bits = x.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { out.append(contentsOf: $0) }
        }
        return out
    }

    /// Decodes a float32 blob; nil when its length is not a multiple of 4.
    public static func fromBlob(_ bytes: [UInt8]) -> [Float]? {
        guard bytes.count % 4 == 0 else { return nil }
        return stride(from: 0, to: bytes.count, by: 4).map { i in
            var bits = UInt32(bytes[i])
            bits |= UInt32(bytes[i + 1]) << 8
            bits |= UInt32(bytes[i + 2]) << 16
            bits |= UInt32(bytes[i + 3]) << 24
            return Float(bitPattern: bits)
        }
    }
}
