/// File names that are safe in a `Content-Disposition` header and an nginx location:
/// ASCII letters, digits, `.`, `_`, `-`, not starting with a dot, ending in `.pdf`.
public enum DownloadFilename {
    public static func isValid(_ name: String) -> Bool {
        (5...128).contains(name.utf8.count) && name.hasSuffix(".pdf") && !name.hasPrefix(".")
            && name.utf8.allSatisfy(isAllowed)
    }

    /// The name with every other byte replaced by `_` (a defence in depth for stored values).
    public static func safe(_ name: String) -> String {
        let bytes = name.utf8.enumerated().map { index, byte in
            isAllowed(byte) && !(index == 0 && byte == UInt8(ascii: ".")) ? byte : UInt8(ascii: "_")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}
