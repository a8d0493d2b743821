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
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte < 0x20 {
                declined = true
                return
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func integer(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }
}
