import CVMatchCore

/// Which link targets the page may carry: http, https and mailto only (no `javascript:`, `data:`…).
public enum SafeLink {
    public static let schemes = ["http", "https", "mailto"]
    public static let maximumLength = 2000

    /// The scheme in lower case, when the text starts with one (`scheme:`).
    static func scheme(of text: String) -> String? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let scheme = text[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        return scheme.lowercased()
    }

    /// Nil when `text` is a usable link, else why not.
    public static func problem(_ text: String, allowed: [String] = schemes) -> String? {
        if text.isEmpty { return "is empty" }
        if text.count > maximumLength { return "is longer than \(maximumLength) characters" }
        if text.contains(where: { $0.isWhitespace || $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }) {
            return "\"\(text.prefix(60))\" contains spaces or control characters"
        }
        guard let scheme = scheme(of: text), allowed.contains(scheme) else {
            return "\"\(text.prefix(60))\" must start with \(allowed.map { $0 + ":" }.joined(separator: ", "))"
        }
        let rest = text.dropFirst(scheme.count + 1)
        if scheme == "mailto" {
            return EmailAddress.problem(String(rest.split(separator: "?", maxSplits: 1).first ?? ""))
                .map { "\"\(text.prefix(60))\": the address \($0)" }
        }
        guard rest.hasPrefix("//"), let host = rest.dropFirst(2).split(whereSeparator: { "/?#".contains($0) }).first,
              !host.isEmpty, !host.contains("@") else {
            return "\"\(text.prefix(60))\" needs a host (\(scheme)://host/…) and no user name"
        }
        return nil
    }
}

/// A deliberately plain e-mail address check: one `@`, a dotted domain, no spaces or markup.
public enum EmailAddress {
    public static func problem(_ text: String) -> String? {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !text.contains(where: { $0.isWhitespace || "<>\"'(),;:[]\\".contains($0) }) else {
            return "\"\(text.prefix(60))\" is not an e-mail address (name@example.com)"
        }
        return nil
    }
}
