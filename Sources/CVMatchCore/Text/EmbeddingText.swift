/// Bounds what one match sends to the embedding server. A visitor may paste a 6,000-character job
/// ad; embedding all of it took 3.5 s with the local model (1.8 s for 3,000 characters, 0.1 s for
/// 200), past the embedding timeout, and models read only their first ~512 tokens anyway. The
/// title and the opening of an ad come first, so the first `maximumCharacters` characters, cut at
/// a word boundary, are what is embedded (and cached); the whole text still goes through the
/// lexical check.
public enum EmbeddingText {
    public static let maximumCharacters = 500

    public static func bounded(_ text: String) -> String {
        guard text.count > maximumCharacters else { return text }
        let head = text.prefix(maximumCharacters)
        guard let lastSpace = head.lastIndex(of: " "), head.distance(from: head.startIndex, to: lastSpace) > maximumCharacters / 2 else {
            return String(head)
        }
        return String(head[..<lastSpace])
    }
}
