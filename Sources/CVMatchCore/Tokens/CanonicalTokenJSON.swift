/// Reads the exact JSON that `TokenCodec.encode` writes, byte by byte, without `JSONDecoder`
/// (its cost dominated a download). Anything else — other key order, whitespace, escapes, signs,
/// non-ASCII — returns nil and the codec decodes it with `JSONDecoder` as before, so the same
/// tokens are accepted and refused: on these exact shapes both readings agree.
enum CanonicalTokenJSON {
    private static let headerPrefix = Array(#"{"alg":"HS256","typ":"JWT","kid":""#.utf8)
    private static let headerSuffix = Array(#""}"#.utf8)

    /// The `kid` of `{"alg":"HS256","typ":"JWT","kid":"KID"}` with a KID of `[A-Za-z0-9_-]`.
    static func keyID(header bytes: [UInt8]) -> String? {
        guard bytes.count >= headerPrefix.count + headerSuffix.count,
              bytes.starts(with: headerPrefix), bytes.suffix(headerSuffix.count).elementsEqual(headerSuffix)
        else { return nil }
        let kid = bytes[headerPrefix.count..<(bytes.count - headerSuffix.count)]
        guard kid.allSatisfy(isKeyIDByte) else { return nil }
        return String(decoding: kid, as: UTF8.self)
    }

    /// The claims of `{"pos":"P","jti":"J","iat":I,"exp":E}`: P and J printable ASCII without `"`
    /// or `\`, I and E unsigned integers of at most 18 digits without leading zeros.
    static func claims(_ bytes: [UInt8]) -> DownloadToken? {
        var reader = Reader(bytes: bytes)
        guard reader.literal(#"{"pos":""#), let pos = reader.plainString(),
              reader.literal(#","jti":""#), let jti = reader.plainString(),
              reader.literal(#","iat":"#), let iat = reader.unsignedInteger(),
              reader.literal(#","exp":"#), let exp = reader.unsignedInteger(),
              reader.literal("}"), reader.index == bytes.count
        else { return nil }
        return DownloadToken(pos: pos, jti: jti, iat: iat, exp: exp)
    }

    private static func isKeyIDByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
            || byte == 0x5f || byte == 0x2d
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func literal(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard bytes.count - index >= count else { return false }
            let matches = text.withUTF8Buffer { expected in
                (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
            }
            if matches { index += count }
            return matches
        }

        /// The characters up to and including the closing quote (the opening one already read).
        mutating func plainString() -> String? {
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    defer { index += 1 }
                    return String(decoding: bytes[start..<index], as: UTF8.self)
                }
                guard byte >= 0x20, byte < 0x7f, byte != UInt8(ascii: "\\") else { return nil }
                index += 1
            }
            return nil
        }

        mutating func unsignedInteger() -> Int? {
            let start = index
            var value = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                guard index - start < 18 else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
            }
            let digits = index - start
            guard digits >= 1, digits == 1 || bytes[start] != 0x30 else { return nil }
            return value
        }
    }
}
