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
    var isSymbol: Bool { core.isEmpty || !core.unicodeScalars.contains(where: { $0.properties.isAlphabetic || ("0"..."9").contains($0) }) }
    /// A dash or a pipe standing alone: separates a title from its qualifier.
    var isSeparator: Bool { raw.unicodeScalars.count == 1 && "-–—|·/".unicodeScalars.contains(raw.unicodeScalars.first!) }

    /// Splits case-folded text on whitespace. Apostrophe variants become `'`; a token made only of
    /// sentence punctuation (" : " in French spacing) is attached to the token before it.
    /// Works on Unicode scalars (no grapheme breaking): a pasted ad is tokenised in microseconds.
    static func tokenize(_ text: String) -> [TextToken] {
        var tokens: [TextToken] = []
        var piece: [Unicode.Scalar] = []
        func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(scalars)) }
        func flush() {
            guard !piece.isEmpty else { return }
            defer { piece.removeAll(keepingCapacity: true) }
            var start = piece.startIndex, end = piece.endIndex
            var opens = false
            while start < end, "(\"'“«¿¡[".unicodeScalars.contains(piece[start]) {
                if piece[start] == "(" || piece[start] == "[" { opens = true }
                start += 1
            }
            while end > start, ".,!?;:\"'”»)]".unicodeScalars.contains(piece[end - 1]) {
                // Keep a closing bracket that belongs to the word itself: "un(e)", "diplômé(e)".
                if piece[end - 1] == ")" && piece[start..<end].contains("(") { break }
                end -= 1
            }
            let token = TextToken(raw: string(piece[...]), core: string(piece[start..<end]),
                                  trailing: string(piece[end...]), opensBracket: opens)
            if token.core.isEmpty, !token.trailing.isEmpty, !opens, var previous = tokens.popLast(),
               token.trailing.unicodeScalars.allSatisfy({ ".,!?;:".unicodeScalars.contains($0) }) {
                previous.trailing += token.trailing
                tokens.append(previous)
                return
            }
            tokens.append(token)
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case " ", "\t", "\n", "\r": flush()
            case "’", "‘", "ʼ", "`": piece.append("'")
            default: piece.append(scalar)
            }
        }
        flush()
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
