/// Messages for a JSON file the owner wrote (the positions file, role cues) that name the file
/// and where it is wrong: the line and column of a syntax error, the JSON path of a missing key
/// or a value of the wrong type — never Swift's raw `DecodingError`.
public enum JSONFileProblem {
    /// "config/positions.json:12:5: not valid JSON: unexpected "]"", or nil when `bytes` is one
    /// strict JSON value (RFC 8259: no comments, no trailing commas).
    public static func syntax(_ bytes: [UInt8], path: String) -> String? {
        guard let offset = StrictJSON.errorOffset(bytes) else { return nil }
        let (line, column) = position(of: offset, in: bytes)
        let what: String
        if offset >= bytes.count {
            what = "the file ends too early (a missing \"}\", \"]\" or \"\\\"\"?)"
        } else if let scalar = String(decoding: bytes[offset...].prefix(4), as: UTF8.self).unicodeScalars.first,
                  scalar != "\u{FFFD}" {
            what = scalar.value < 0x20 ? "a line break or control character inside a string"
                : "unexpected \"\(scalar)\"" + (scalar == "]" || scalar == "}" ? " (a comma before it?)" : "")
        } else {
            what = "not UTF-8"
        }
        return "\(path):\(line):\(column): not valid JSON: \(what)"
    }

    /// 1-based line and column (in characters) of a byte offset.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        let before = bytes[..<min(offset, bytes.count)]
        let lineStart = (before.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
        let line = before.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let column = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).unicodeScalars.count + 1
        return (line, column)
    }

    /// "config/positions.json: positions[1].pdf: missing" and the like.
    public static func decoding(_ error: DecodingError, path: String) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path): \(jsonPath(context.codingPath + [key])): missing (required)"
        case .typeMismatch(let type, let context):
            return "\(path): \(jsonPath(context.codingPath)): expected \(describe(type))"
        case .valueNotFound(let type, let context):
            return "\(path): \(jsonPath(context.codingPath)): null where \(describe(type)) is expected"
        case .dataCorrupted(let context):
            return "\(path): \(jsonPath(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(path): \(error)"
        }
    }

    /// `positions[1].examples[3]`; `(top level)` for the root.
    static func jsonPath(_ keys: [any CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let index = key.intValue, key.stringValue == "Index \(index)" || key.stringValue == "\(index)" {
                out += "[\(index)]"
            } else {
                out += (out.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return out.isEmpty ? "(top level)" : out
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Double.Type, is Float.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array<") || name.hasPrefix("[") { return "a list [...]" }
            if name.hasPrefix("Dictionary<") { return "an object {...}" }
            return "an object {...}"
        }
    }
}
