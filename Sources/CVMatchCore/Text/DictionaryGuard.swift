/// Keeps the spelling corrector away from real words: of the words of installed dictionaries
/// (Debian's word lists in `/usr/share/dict`: `wamerican`, `wngerman`, `wfrench`, …, one word a
/// line), those the corrector would change are collected at populate time and stored with the
/// matcher, so a query's "coordinate" or "driven" is never bent into "coordinator" or "driver".
///
/// A word counts in every language at once (no language guess): a real word of any installed
/// dictionary is left alone. Only the few words near a correction target are kept, so the stored
/// list stays small whatever the dictionaries' size.
public enum DictionaryGuard {
    /// The dictionary words (case-folded) that `corrector` would otherwise correct, sorted.
    public static func protectedWords<Words: Sequence>(in words: Words, corrector: SpellingCorrector) -> [String]
    where Words.Element: StringProtocol {
        var found = Set<String>()
        for entry in words {
            var scalars = Array(entry.unicodeScalars)
            guard scalars.count >= 5, scalars.allSatisfy(SpellingCorrector.isLatinOrCyrillicLetter) else { continue }
            if scalars.contains(where: \.properties.isUppercase) { scalars = Array(entry.lowercased().unicodeScalars) }
            if corrector.correction(for: scalars) != nil {
                found.insert(String(String.UnicodeScalarView(scalars)))
            }
        }
        return found.sorted()
    }
}
