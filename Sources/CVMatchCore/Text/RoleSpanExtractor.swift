/// A piece of a longer text that may name the role being hired, with where it was found.
public struct RoleSpan: Sendable, Equatable {
    /// Where a span came from, strongest first: a matcher tries the sources in this order.
    public enum Source: Int, Sendable, Comparable, CaseIterable {
        /// After a field name: "Job title: …", "Position: …".
        case label
        /// The first line of a multi-line text (a pasted ad's title).
        case titleLine
        /// After a hiring phrase: "we're hiring a …", "wir suchen einen …".
        case opener
        /// Before a role word: "a … role", "… position".
        case suffix
        /// The text itself (its beginning, for a long one): when no cue names a role.
        case wholeText

        public static func < (a: Source, b: Source) -> Bool { a.rawValue < b.rawValue }
    }

    public var source: Source
    /// Case-folded, whitespace-collapsed.
    public var text: String

    public init(source: Source, text: String) {
        self.source = source
        self.text = text
    }
}

/// Finds the spans of a text that may name the role being hired, using ``RoleCues`` only (no model):
/// labelled fields, the title line of a pasted ad, the words after a hiring phrase and before a role
/// word. A span ends at the end of its sentence, at a stop word ("to", "for", "für", …) outside
/// brackets, or after `maximumWords`. A text with no cue yields only itself (`wholeText`, its first
/// `wholeTextCharacters` when longer), so what is embedded stays short whatever was pasted: one
/// long text in a batch would pad every span to its length and multiply the embedding time.
public struct RoleSpanExtractor: Sendable {
    /// Longest span, in words.
    public static let maximumWords = 12
    /// The `wholeText` span keeps at most this many characters of a long text.
    public static let wholeTextCharacters = 400
    /// At most this many spans per text (the strongest sources first).
    public static let maximumSpans = 8

    /// Phrases by their first word, longest first.
    private let labels: [String: [[String]]]
    private let openers: [String: [[String]]]
    private let suffixes: [String: [[String]]]
    private let articles: Set<String>
    private let stops: Set<String>
    private let continuations: [String: [[String]]]

    public init(cues: RoleCues) {
        func words(_ list: [String]) -> [String: [[String]]] {
            let phrases = list.map { $0.replacingApostrophes().split(separator: " ").map { String($0.filter { $0 != ":" }) }.filter { !$0.isEmpty } }
                .filter { !$0.isEmpty }
                .sorted { $0.count > $1.count }
            return Dictionary(grouping: phrases, by: { $0[0] })
        }
        labels = words(cues.labels)
        openers = words(cues.openers)
        suffixes = words(cues.suffixes)
        articles = Set(cues.articles.map { $0.replacingApostrophes() })
        stops = Set(cues.stops.map { $0.replacingApostrophes() })
        continuations = words(cues.continuations)
    }

    /// The spans of `text` (as the visitor wrote it: line breaks matter), strongest source first,
    /// without duplicates; without any, the (beginning of the) whole text alone.
    public func spans(in text: String) -> [RoleSpan] {
        let lines = Self.lines(of: text)
        var found: [RoleSpan] = []
        if lines.count >= 3, let title = titleLine(lines[0]) {
            let inside = cueSpans(in: TextToken.tokenize(title))
            if inside.isEmpty {
                found.append(RoleSpan(source: .titleLine, text: title))
            } else {
                found += inside.map { RoleSpan(source: .titleLine, text: $0.text) }
            }
        }
        for line in lines {
            found += cueSpans(in: TextToken.tokenize(line))
        }
        var seen = Set<String>()
        var spans = found.enumerated()
            .sorted { $0.element.source != $1.element.source ? $0.element.source < $1.element.source : $0.offset < $1.offset }
            .map(\.element)
            .filter { !$0.text.isEmpty && seen.insert($0.text).inserted }
        guard spans.isEmpty else { return Array(spans.prefix(Self.maximumSpans)) }
        return [RoleSpan(source: .wholeText, text: Self.prefix(lines.joined(separator: " "), characters: Self.wholeTextCharacters))]
    }

    /// The non-empty lines of `text`, each normalised (`QueryNormaliser`): all of the text that
    /// `spans(in:)` reads.
    public static func lines(of text: String) -> [String] {
        text.unicodeScalars.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" })
            .map { QueryNormaliser.normalise(String(String.UnicodeScalarView($0))) }.filter { !$0.isEmpty }
    }

    /// The first line as an ad title: short, not a greeting sentence, company and place cut off
    /// ("senior backend engineer · acme · berlin" → "senior backend engineer").
    func titleLine(_ line: String) -> String? {
        var title = line
        for mark in [" · ", " | ", " • "] {
            if let range = title.firstRange(of: mark) { title = String(title[..<range.lowerBound]) }
        }
        title = String(title.drop { !$0.isLetter && !$0.isNumber && $0 != "." })
        guard let last = title.last, !",.!?".contains(last) else { return nil }
        let words = title.split(separator: " ")
        return words.isEmpty || words.count > Self.maximumWords ? nil : title
    }

    /// Label, opener and suffix spans of one line.
    func cueSpans(in tokens: [TextToken]) -> [RoleSpan] {
        var spans: [RoleSpan] = []
        for index in tokens.indices {
            if let end = match(labels, in: tokens, at: index), tokens[end - 1].trailing.contains(":") {
                spans += collect(tokens, from: end).map { RoleSpan(source: .label, text: $0) }
            }
            if let end = match(openers, in: tokens, at: index),
               !tokens[end - 1].trailing.contains(where: { ".!?;".contains($0) }) {
                spans += collect(tokens, from: end).map { RoleSpan(source: .opener, text: $0) }
            }
            if index > 0, match(suffixes, in: tokens, at: index) != nil, let span = collectBackwards(tokens, before: index) {
                spans.append(RoleSpan(source: .suffix, text: span))
            }
        }
        return spans
    }

    /// The end index of the first phrase of `phrases` (longest first) that starts at `index`.
    private func match(_ phrases: [String: [[String]]], in tokens: [TextToken], at index: Int) -> Int? {
        for phrase in phrases[tokens[index].core] ?? [] where index + phrase.count <= tokens.count {
            var ok = true
            for (offset, word) in phrase.enumerated() {
                let token = tokens[index + offset]
                if token.core != word || (offset < phrase.count - 1 && (token.endsSentence || token.endsWithComma)) {
                    ok = false
                    break
                }
            }
            if ok { return index + phrase.count }
        }
        return nil
    }

    /// The span after a cue: articles skipped, up to the sentence end, a stop word outside brackets
    /// or the word limit. When a stop word comes first ("wir suchen für einen Kunden … einen
    /// Entwickler"), the spans after each later article of the sentence are returned instead.
    private func collect(_ tokens: [TextToken], from start: Int) -> [String] {
        var index = start
        while index < tokens.count, articles.contains(tokens[index].core), !tokens[index].endsSentence { index += 1 }
        guard index < tokens.count else { return [] }
        if stops.contains(stem(tokens[index].core)) {
            var spans: [String] = []
            var probe = index
            while probe < tokens.count, probe - index < 2 * Self.maximumWords {
                if articles.contains(tokens[probe].core), probe + 1 < tokens.count, let span = spanFrom(tokens, probe + 1) {
                    spans.append(span)
                }
                if tokens[probe].endsSentence { break }
                probe += 1
            }
            return spans
        }
        return spanFrom(tokens, index).map { [$0] } ?? []
    }

    private func spanFrom(_ tokens: [TextToken], _ start: Int) -> String? {
        var end = start
        var depth = 0
        var words = 0
        while end < tokens.count, words < Self.maximumWords {
            let token = tokens[end]
            if depth == 0, end > start, stops.contains(stem(token.core)) {
                guard let after = match(continuations, in: tokens, at: end) else { break }
                words += after - end
                end = after
                if tokens[after - 1].endsSentence { break }
                continue
            }
            if token.opensBracket { depth += 1 }
            if token.raw.contains(")") || token.trailing.contains(")") { depth = max(0, depth - 1) }
            end += 1
            if !token.isSymbol { words += 1 }
            if token.endsSentence { break }
        }
        let span = TextToken.join(tokens[start..<end])
        return span.isEmpty || tokens[start..<end].allSatisfy(\.isSymbol) ? nil : span
    }

    /// The words before a role word back to a sentence or clause boundary, an article, a stop word.
    private func collectBackwards(_ tokens: [TextToken], before index: Int) -> String? {
        var start = index
        while start > 0, index - start < Self.maximumWords {
            let token = tokens[start - 1]
            if token.endsSentence || token.endsWithComma || articles.contains(token.core) || stops.contains(stem(token.core)) {
                break
            }
            start -= 1
        }
        guard start < index else { return nil }
        return TextToken.join(tokens[start..<index])
    }

    /// "who've" → "who": a stop word with a contraction still stops.
    private func stem(_ word: String) -> String {
        guard let apostrophe = word.firstIndex(of: "'") else { return word }
        return String(word[..<apostrophe])
    }

    static func prefix(_ text: String, characters: Int) -> String {
        guard text.count > characters else { return text }
        let cut = text.prefix(characters)
        return String(cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut)
    }
}
