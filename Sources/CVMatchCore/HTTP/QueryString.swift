/// Parses `application/x-www-form-urlencoded` query strings (`+` is a space, `%XX` a byte).
public enum QueryString {
    /// Query strings longer than this are cut before parsing.
    public static let maximumLength = 4096

    /// The parameters in order; a malformed escape keeps its raw text; invalid UTF-8 is repaired.
    public static func parse(_ query: String) -> [(name: String, value: String)] {
        query.utf8.prefix(maximumLength).split(separator: UInt8(ascii: "&")).map { pair in
            let bytes = Array(pair)
            if let equals = bytes.firstIndex(of: UInt8(ascii: "=")) {
                return (decode(bytes[..<equals]), decode(bytes[(equals + 1)...]))
            }
            return (decode(bytes[...]), "")
        }
    }

    /// The first value of `name`.
    public static func value(of name: String, in query: String) -> String? {
        parse(query).first { $0.name == name }?.value
    }

    /// Percent-encodes a value for a query string (RFC 3986 unreserved characters stay).
    public static func encode(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 15)])
            }
        }
        return out
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        // Most names and values (a token, plain UTM tags) have nothing to decode.
        if !bytes.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) {
            return String(decoding: bytes, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
                      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 2
            } else {
                out.append(byte)
            }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
