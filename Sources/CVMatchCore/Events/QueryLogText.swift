/// What of a visitor's text may be kept in the query log (`cvm:queries:*`, `cvm:qout:*`).
///
/// A pasted job ad can carry a recruiter's name, e-mail or phone number further down; the log keeps
/// only its opening (which is where the job title is), at most `maximumCharacters` characters.
public enum QueryLogText {
    public static let maximumCharacters = 120

    /// The text itself when it is short enough, else its first `maximumCharacters - 1` characters
    /// followed by "…", so a cut text is recognisable in reports.
    public static func excerpt(_ text: String) -> String {
        guard text.count > maximumCharacters else { return text }
        return String(text.prefix(maximumCharacters - 1)) + "…"
    }
}
