import CVMatchCore
import CVMatchCrypto
import CVMatchEmbedding

/// A small zlib (RFC 1950/1951) compressor: one block with the fixed Huffman codes, whose only
/// matches are repeats of the previous byte or the previous pixel. Enough to make flat-colour
/// generated images small; not a general-purpose compressor.
enum Deflate {
    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
                                     67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
                                      4, 4, 4, 4, 5, 5, 5, 5, 0]

    /// `data` as a zlib stream; `pixelBytes` (1-4) is the second match distance tried.
    static func zlibRunLength(_ data: [UInt8], pixelBytes: Int) -> [UInt8] {
        precondition((1...4).contains(pixelBytes))
        var bits = BitWriter()
        bits.write(1, count: 1)        // BFINAL
        bits.write(1, count: 2)        // BTYPE 01: fixed Huffman codes
        var i = 0
        while i < data.count {
            var best = (length: 0, distance: 0)
            for distance in Set([1, pixelBytes]) where i >= distance {
                var length = 0
                while length < 258, i + length < data.count, data[i + length] == data[i + length - distance] { length += 1 }
                if length > best.length { best = (length, distance) }
            }
            if best.length >= 3 {
                let code = lengthBase.lastIndex(where: { $0 <= best.length })!
                symbol(257 + code, &bits)
                bits.write(UInt32(best.length - lengthBase[code]), count: lengthExtra[code])
                bits.writeHuffman(UInt32(best.distance - 1), count: 5)   // distance codes 0-3: 1-4, no extra bits
                i += best.length
            } else {
                symbol(Int(data[i]), &bits)
                i += 1
            }
        }
        symbol(256, &bits)
        var out: [UInt8] = [0x78, 0x01]
        out += bits.finish()
        out += PNGEncoder.bigEndian(adler32(data))
        return out
    }

    /// A literal/length symbol in the fixed Huffman code.
    private static func symbol(_ value: Int, _ bits: inout BitWriter) {
        switch value {
        case 0...143: bits.writeHuffman(UInt32(0x30 + value), count: 8)
        case 144...255: bits.writeHuffman(UInt32(0x190 + value - 144), count: 9)
        case 256...279: bits.writeHuffman(UInt32(value - 256), count: 7)
        default: bits.writeHuffman(UInt32(0xC0 + value - 280), count: 8)
        }
    }

    static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }

    /// Bits packed least-significant first, as deflate wants them.
    private struct BitWriter {
        var bytes: [UInt8] = []
        var buffer: UInt32 = 0
        var count = 0

        mutating func write(_ value: UInt32, count n: Int) {
            guard n > 0 else { return }
            buffer |= value << UInt32(count)
            count += n
            while count >= 8 {
                bytes.append(UInt8(buffer & 0xFF))
                buffer >>= 8
                count -= 8
            }
        }

        /// Huffman codes go most-significant bit first.
        mutating func writeHuffman(_ code: UInt32, count n: Int) {
            var reversed: UInt32 = 0
            for bit in 0..<n { reversed |= ((code >> UInt32(bit)) & 1) << UInt32(n - 1 - bit) }
            write(reversed, count: n)
        }

        mutating func finish() -> [UInt8] {
            if count > 0 { bytes.append(UInt8(buffer & 0xFF)) }
            return bytes
        }
    }
}
