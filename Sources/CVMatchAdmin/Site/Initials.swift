/// The owner's initials, for the generated icons and the avatar shown when there is no photo.
public enum Initials {
    /// The first letter of the first and the last word of `name`, upper-cased ("Ana María López" → "AL");
    /// one letter for a one-word name; "?" when the name has no letters.
    public static func of(_ name: String) -> String {
        let words = name.split(whereSeparator: { $0.isWhitespace || $0 == "-" })
            .compactMap { word in word.first(where: { $0.isLetter }) }
        guard let first = words.first else { return "?" }
        let letters = words.count > 1 ? [first, words.last!] : [first]
        return letters.map { String($0).uppercased() }.joined()
    }
}
