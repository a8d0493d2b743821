/// A strict RFC 8259 check of a request body before it is decoded: UTF-8 only (no byte-order mark,
/// no UTF-16 or UTF-32), no trailing commas, no comments, no leading zeros, only the escapes JSON
/// has, no raw control characters in strings, at most `maximumDepth` nested arrays and objects.
/// (`JSONDecoder` is lenient about several of these.)
public enum StrictJSON {
    public static let maximumDepth = 32

    /// Whether `bytes` is exactly one JSON value, optionally surrounded by whitespace.
    public static func isValid(_ bytes: [UInt8]) -> Bool {
        errorOffset(bytes) == nil
    }

    /// The byte offset where `bytes` stops being one JSON value (what is there is unexpected;
    /// `bytes.count`: it ended too early); nil when it is one.
    public static func errorOffset(_ bytes: [UInt8]) -> Int? {
        if String(validating: bytes, as: UTF8.self) == nil { return invalidUTF8Offset(bytes) }
        var parser = Parser(bytes: bytes)
        guard parser.value(depth: 0) else { return min(parser.index, bytes.count) }
        parser.skipWhitespace()
        return parser.index == bytes.count ? nil : parser.index
    }

    private static func invalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error, .emptyInput: return offset
            }
        }
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while let b = current, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { index += 1 }
        }

        mutating func expect(_ literal: String) -> Bool {
            for byte in literal.utf8 {
                guard current == byte else { return false }
                index += 1
            }
            return true
        }

        mutating func value(depth: Int) -> Bool {
            skipWhitespace()
            switch current {
            case UInt8(ascii: "{"): return depth < StrictJSON.maximumDepth && object(depth: depth + 1)
            case UInt8(ascii: "["): return depth < StrictJSON.maximumDepth && array(depth: depth + 1)
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return expect("true")
            case UInt8(ascii: "f"): return expect("false")
            case UInt8(ascii: "n"): return expect("null")
            default: return number()
            }
        }

        mutating func object(depth: Int) -> Bool {
            index += 1
            skipWhitespace()
            if current == UInt8(ascii: "}") { index += 1; return true }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\""), string() else { return false }
                skipWhitespace()
                guard expect(":"), value(depth: depth) else { return false }
                skipWhitespace()
                if current == UInt8(ascii: ",") { index += 1; continue }
                return expect("}")
            }
        }

        mutating func array(depth: Int) -> Bool {
            index += 1
            skipWhitespace()
            if current == UInt8(ascii: "]") { index += 1; return true }
            while true {
                guard value(depth: depth) else { return false }
                skipWhitespace()
                if current == UInt8(ascii: ",") { index += 1; continue }
                return expect("]")
            }
        }

        mutating func string() -> Bool {
            index += 1
            while let b = current {
                index += 1
                switch b {
                case UInt8(ascii: "\""): return true
                case 0x00..<0x20:
                    index -= 1   // report the control character itself
                    return false
                case UInt8(ascii: "\\"):
                    guard let escaped = current else { return false }
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                         UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        continue
                    case UInt8(ascii: "u"):
                        for _ in 0..<4 {
                            guard let h = current, isHexDigit(h) else { return false }
                            index += 1
                        }
                    default: return false
                    }
                default: continue
                }
            }
            return false
        }

        mutating func number() -> Bool {
            if current == UInt8(ascii: "-") { index += 1 }
            guard let first = current, isDigit(first) else { return false }
            index += 1
            if first != UInt8(ascii: "0") { digits() }
            if current == UInt8(ascii: ".") {
                index += 1
                guard let d = current, isDigit(d) else { return false }
                digits()
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                guard let d = current, isDigit(d) else { return false }
                digits()
            }
            return true
        }

        mutating func digits() {
            while let d = current, isDigit(d) { index += 1 }
        }

        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

        func isHexDigit(_ b: UInt8) -> Bool {
            isDigit(b) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "F"))
        }
    }
}
