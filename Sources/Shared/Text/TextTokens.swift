/// One whitespace-separated token of a line, split into the word and the punctuation around it,
/// so phrase cues can be matched on words while titles keep their commas, dashes and brackets.
struct TextToken: Sendable, Equatable {
    /// The token as written (case-folded).
    var raw: String
    /// The word without surrounding punctuation ("(m/w/d)" → "m/w/d", "developer," → "developer").
    var core: String
    /// Punctuation after the word (",", ".", "):", …).
    var trailing: String
    /// The token opens a bracket ("(backend)").
    var opensBracket: Bool

    /// Ends a sentence or a clause that a span must not run past (`.`, `!`, `?`, `;`, `:`).
    /// A lone full stop after a word of at most 4 letters is an abbreviation ("sr.", "mgr."), not an end.
    var endsSentence: Bool {
        if trailing == ".", core.count <= 4, core.allSatisfy(\.isLetter) { return false }
        return trailing.contains { ".!?;:".contains($0) }
    }
    var endsWithComma: Bool { trailing.contains(",") }
    /// Only symbols (a dash, a bullet, an emoji): no word at all.
    var isSymbol: Bool { core.isEmpty }
    /// A dash or a pipe standing alone: separates a title from its qualifier.
    var isSeparator: Bool { ["-", "–", "—", "|", "·", "/"].contains(raw) }

    /// Splits case-folded text on whitespace. Apostrophe variants become `'`; a token made only of
    /// sentence punctuation (" : " in French spacing) is attached to the token before it.
    static func tokenize(_ text: String) -> [TextToken] {
        var tokens: [TextToken] = []
        for piece in text.split(whereSeparator: { $0.isWhitespace }) {
            let raw = String(piece).replacingApostrophes()
            let leading = Set<Character>("(\"'“«¿¡[")
            let trailingSet = Set<Character>(".,!?;:\"'”»)]")
            var chars = Array(raw)
            var opens = false
            while let first = chars.first, leading.contains(first) {
                if first == "(" || first == "[" { opens = true }
                chars.removeFirst()
            }
            var trailing: [Character] = []
            while let last = chars.last, trailingSet.contains(last) {
                // Keep a closing bracket that belongs to the word itself: "un(e)", "diplômé(e)".
                if last == ")" && chars.contains("(") { break }
                trailing.insert(chars.removeLast(), at: 0)
            }
            let token = TextToken(raw: raw, core: String(chars), trailing: String(trailing), opensBracket: opens)
            if token.core.isEmpty, !token.trailing.isEmpty, !opens, var previous = tokens.popLast(),
               token.trailing.allSatisfy({ ".,!?;:".contains($0) }) {
                previous.trailing += token.trailing
                tokens.append(previous)
                continue
            }
            tokens.append(token)
        }
        return tokens
    }

    /// The tokens as text, without the punctuation after the last one.
    static func join(_ tokens: ArraySlice<TextToken>) -> String {
        guard let last = tokens.last else { return "" }
        var parts = tokens.dropLast().map(\.raw)
        var end = last.raw
        if !last.trailing.isEmpty {
            end = String(end.dropLast(last.trailing.count))
            // A closing bracket whose opening bracket is in the span stays.
            if last.trailing.hasPrefix(")") && tokens.contains(where: \.opensBracket) { end += ")" }
        }
        parts.append(end)
        return parts.joined(separator: " ")
    }
}

extension String {
    /// Typographic apostrophes (’ ‘ ʼ `) as the ASCII one, so "we’re" matches the cue "we're".
    func replacingApostrophes() -> String {
        String(map { "’‘ʼ`".contains($0) ? "'" : $0 })
    }
}
