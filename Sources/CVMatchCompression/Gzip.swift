import CZlib

/// gzip (RFC 1952) in memory, through zlib: what `gzip -d` and `zcat` read.
public enum Gzip {
    /// Why data could not be compressed or decompressed.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func compress(_ input: [UInt8], level: Int32 = 6) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard cvm_deflate_init_gzip(&stream, level) == Z_OK else { throw Failure(description: "zlib: deflate init failed") }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 32)
        let status = input.withUnsafeBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw Failure(description: "zlib: deflate failed (\(status))") }
        return Array(output[0..<Int(stream.total_out)])
    }

    public static func decompress(_ input: [UInt8]) throws(Failure) -> [UInt8] {
        guard input.starts(with: [0x1F, 0x8B]) else { throw Failure(description: "not gzip data") }
        var stream = z_stream()
        guard cvm_inflate_init_gzip(&stream) == Z_OK else { throw Failure(description: "zlib: inflate init failed") }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var status: Int32 = Z_OK
        input.withUnsafeBufferPointer { inBuffer in
            stream.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
            stream.avail_in = uInt(inBuffer.count)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = uInt(outBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return outBuffer.count - Int(stream.avail_out)
                }
                output += chunk[0..<produced]
            } while status == Z_OK
        }
        guard status == Z_STREAM_END else {
            throw Failure(description: status == Z_BUF_ERROR ? "the gzip data is truncated" : "the gzip data is damaged (zlib \(status))")
        }
        return output
    }
}
