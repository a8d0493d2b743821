/// An env file read the way systemd's `EnvironmentFile=` reads it (and `set -a; . FILE` for the
/// files cvmatch writes): `NAME=VALUE` lines; blank lines and lines starting with `#` or `;` are
/// comments; whitespace around the value is dropped. A value in single quotes is taken verbatim (it
/// may span lines); in double quotes `\"`, `\\`, `\$` and `` \` `` stand for that character and a
/// backslash before a line break joins the lines; unquoted, a backslash keeps the next character
/// and one at the end of a line joins the next line. Anything else is an error naming the file and line.
public struct EnvFile: Sendable, Equatable {
    /// The file's path as given (used in messages: "CVMATCH_REDIS from ./run/etc/cvmatch.env").
    public let path: String
    /// Every assignment; a name assigned twice keeps its last value.
    public let values: [String: String]

    public init(path: String, values: [String: String]) {
        self.path = path
        self.values = values
    }

    public init(parsing text: String, path: String) throws(ConfigError) {
        self.path = path
        var values: [String: String] = [:]
        var scanner = Scanner(Array(text.unicodeScalars))
        while !scanner.atEnd {
            scanner.skip { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
            guard let first = scanner.peek else { break }
            let line = scanner.line
            if first == "#" || first == ";" {
                scanner.skip { $0 != "\n" }
                continue
            }
            let name = scanner.take { $0 != "=" && $0 != "\n" }.trimmingWhitespace()
            guard scanner.peek == "=" else {
                throw ConfigError("\(path):\(line): expected NAME=VALUE, found \"\(name)\"")
            }
            guard Self.isName(name) else {
                throw ConfigError("\(path):\(line): \"\(name)\" is not a variable name (letters, digits, _; not starting with a digit)")
            }
            scanner.advance()
            values[name] = try Self.value(&scanner, path: path, line: line)
        }
        self.values = values
    }

    static func isName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
    }

    /// The value after `=`, up to the end of its (possibly continued) line.
    private static func value(_ s: inout Scanner, path: String, line: Int) throws(ConfigError) -> String {
        s.skip { $0 == " " || $0 == "\t" }
        var out = String.UnicodeScalarView()
        switch s.peek {
        case "'":
            s.advance()
            out.append(contentsOf: s.take { $0 != "'" }.unicodeScalars)
            guard s.peek == "'" else { throw ConfigError("\(path):\(line): the single quote opened here is never closed") }
            s.advance()
            try closed(&s, path: path, line: line)
        case "\"":
            s.advance()
            while let c = s.peek, c != "\"" {
                s.advance()
                guard c == "\\", let next = s.peek else { out.append(c); continue }
                s.advance()
                if next == "\n" { continue }
                if !"\"\\$`".unicodeScalars.contains(next) { out.append(c) }
                out.append(next)
            }
            guard s.peek == "\"" else { throw ConfigError("\(path):\(line): the double quote opened here is never closed") }
            s.advance()
            try closed(&s, path: path, line: line)
        default:
            while let c = s.peek, c != "\n" {
                s.advance()
                guard c == "\\" else { out.append(c); continue }
                guard let next = s.peek else { break }
                s.advance()
                if next != "\n" { out.append(next) }
            }
            return String(out).trimmingWhitespace()
        }
        return String(out)
    }

    /// After a closing quote only whitespace may follow on the line.
    private static func closed(_ s: inout Scanner, path: String, line: Int) throws(ConfigError) {
        s.skip { $0 == " " || $0 == "\t" || $0 == "\r" }
        if let c = s.peek, c != "\n" {
            throw ConfigError("\(path):\(s.line): unexpected \"\(c)\" after the closing quote (the value started on line \(line))")
        }
    }

    /// A cursor over the file's scalars that counts lines.
    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var atEnd: Bool { index >= scalars.count }
        var peek: Unicode.Scalar? { atEnd ? nil : scalars[index] }

        mutating func advance() {
            if scalars[index] == "\n" { line += 1 }
            index += 1
        }

        mutating func skip(while keep: (Unicode.Scalar) -> Bool) {
            while let c = peek, keep(c) { advance() }
        }

        mutating func take(while keep: (Unicode.Scalar) -> Bool) -> String {
            var out = String.UnicodeScalarView()
            while let c = peek, keep(c) { out.append(c); advance() }
            return String(out)
        }
    }
}
