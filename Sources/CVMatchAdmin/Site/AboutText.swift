import CVMatchCore

/// The owner's about text: plain paragraphs separated by a blank line, with links written as
/// `[text](https://…)`. Nothing else is markup: every other character is shown as typed.
public struct AboutText: Sendable, Equatable {
    /// A run of plain text or a link inside a paragraph.
    public enum Segment: Sendable, Equatable {
        case text(String)
        case link(text: String, url: String)
    }

    public let paragraphs: [[Segment]]

    /// Splits and checks `text`; a link with an unsafe target or a missing `)` is an error
    /// (`problem` says which), so an owner's typo never becomes a broken or dangerous link.
    public init(_ text: String) throws(AboutTextError) {
        var paragraphs: [[Segment]] = []
        var current: [String] = []
        func flush() throws(AboutTextError) {
            if !current.isEmpty { paragraphs.append(try Self.segments(current.joined(separator: " "))) }
            current = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = String(line).trimmingWhitespace()
            if trimmed.isEmpty { try flush() } else { current.append(trimmed) }
        }
        try flush()
        self.paragraphs = paragraphs
    }

    private static func segments(_ paragraph: String) throws(AboutTextError) -> [Segment] {
        var out: [Segment] = []
        var plain = ""
        var rest = Substring(paragraph)
        while let open = rest.firstIndex(of: "[") {
            plain += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "]"),
                  rest.index(after: close) < rest.endIndex, rest[rest.index(after: close)] == "(" else {
                plain.append("[")
                rest = rest[afterOpen...]
                continue
            }
            let urlStart = rest.index(close, offsetBy: 2)
            guard let urlEnd = rest[urlStart...].firstIndex(of: ")") else {
                throw AboutTextError(problem: "the link \"\(rest[open...].prefix(60))\" has no closing \")\"")
            }
            let label = String(rest[afterOpen..<close]).trimmingWhitespace()
            let url = String(rest[urlStart..<urlEnd]).trimmingWhitespace()
            if let problem = SafeLink.problem(url) { throw AboutTextError(problem: "link target \(problem)") }
            guard !label.isEmpty else { throw AboutTextError(problem: "the link to \(url.prefix(60)) has no text") }
            if !plain.isEmpty { out.append(.text(plain)) }
            plain = ""
            out.append(.link(text: label, url: url))
            rest = rest[rest.index(after: urlEnd)...]
        }
        plain += rest
        if !plain.isEmpty { out.append(.text(plain)) }
        return out
    }
}

/// Why the about text was refused.
public struct AboutTextError: Error, Equatable {
    public let problem: String
}
