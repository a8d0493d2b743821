/// Builds a JSON answer byte by byte, exactly as `HTTPResponse.json`'s `JSONEncoder` (sorted keys,
/// slashes unescaped) writes it, for the hot answers where the encoder's cost showed (a cached match).
/// The caller writes the keys in sorted order. A string with a control character is not written:
/// `result` is then nil and the caller falls back to `HTTPResponse.json`.
public struct JSONBytes {
    private var bytes: [UInt8] = []
    private var declined = false

    public init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    /// The JSON written, or nil when a string was declined.
    public var result: [UInt8]? { declined ? nil : bytes }

    /// Punctuation and keys, as they are.
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// A quoted string: `"` and `\` escaped, everything else but control characters as its UTF-8.
    public mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { quoted($0) }
    }

    /// Copies the runs between the bytes to escape in one go each.
    private mutating func quoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var start = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            if byte < 0x20 {
                declined = true
                return
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                bytes.append(UInt8(ascii: "\\"))
                start = index
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func integer(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }
}
