/// The qualifier rule of a job title (see the label policy in the eval README): the *head* of a
/// title names the discipline, and a qualifier after it (", …", " – …", "(…)", "in …", "for …")
/// only decides when the head is generic.
///
/// - Specific head ("backend engineer, identity", "qa lead, microservices", "product owner –
///   backend services"): the head alone is matched; the qualifier is context.
/// - Generic head (a `genericTitles` entry, seniority words aside: "senior software engineer,
///   payments", "software engineer in test"): the first qualifier becomes the head's modifier
///   ("payments senior software engineer", "test software engineer"), so its discipline counts.
/// - No qualifier: the title unchanged.
///
/// Texts longer than `maximumWords` are not titles and are left alone.
public struct TitleQualifier: Sendable {
    public static let maximumWords = 12

    private let genericTitles: Set<String>
    private let seniority: Set<String>
    private let stops: Set<String>

    public init(cues: RoleCues) {
        genericTitles = Set(cues.genericTitles.map { $0.replacingApostrophes() })
        seniority = Set(cues.seniority.map { $0.replacingApostrophes() })
        stops = Set(cues.stops.map { $0.replacingApostrophes() })
    }

    /// The text to match for a case-folded title.
    public func rewrite(_ title: String) -> String {
        let tokens = TextToken.tokenize(title)
        guard tokens.count > 1, tokens.filter({ !$0.isSymbol }).count <= Self.maximumWords,
              let split = firstSeparator(tokens) else { return title }
        let head = Array(tokens[..<split.headEnd])
        let qualifier = Array(tokens[split.qualifierStart...].prefix { !$0.isSeparator })
        let headText = TextToken.join(head[...])
        guard !headText.isEmpty else { return title }
        guard isGeneric(head) else { return headText }
        let qualifierText = firstQualifier(qualifier)
        return qualifierText.isEmpty ? headText : qualifierText + " " + headText
    }

    /// Where the head ends and the qualifier starts: after a comma, at a dash or pipe, at a bracket,
    /// at a stop word ("in", "for", "für", …). A full stop is not one: "sr. prod. mgr" is one title.
    private func firstSeparator(_ tokens: [TextToken]) -> (headEnd: Int, qualifierStart: Int)? {
        for index in tokens.indices {
            let token = tokens[index]
            if index > 0 && (token.isSeparator || token.opensBracket || stops.contains(token.core)) {
                return (index, token.isSeparator || stops.contains(token.core) ? index + 1 : index)
            }
            if token.endsWithComma, index + 1 < tokens.count { return (index + 1, index + 1) }
        }
        return nil
    }

    private func isGeneric(_ head: [TextToken]) -> Bool {
        let words = head.map(\.core).filter { !$0.isEmpty && !seniority.contains($0) }
        return genericTitles.contains(words.joined(separator: " "))
    }

    /// The qualifier's words up to the next comma or closing bracket, without brackets.
    private func firstQualifier(_ tokens: [TextToken]) -> String {
        var words: [String] = []
        for token in tokens {
            if !token.core.isEmpty { words.append(token.core) }
            if token.endsWithComma || token.endsSentence || token.trailing.contains(")") { break }
        }
        return words.joined(separator: " ")
    }
}
