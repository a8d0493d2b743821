/// Cheap, model-free checks on the query text, run before any vector is considered.
///
/// Two questions, both answered from the characters alone:
/// - does the text contain real words at all? (keyboard mashing, repeated characters,
///   digits or symbols only → no);
/// - does it have the generic *shape* of markup, template, path, SQL or prompt injection?
///
/// Nothing here depends on the embedding model or on any particular eval string.
public enum LexicalCheck {
    /// The outcome of ``evaluate(_:)``.
    public enum Verdict: String, Sendable, Codable, Equatable {
        case ok
        case noRealWords
        case suspicious
    }

    /// Runs both checks; `noRealWords` wins over `suspicious`.
    public static func evaluate(_ text: String) -> Verdict {
        if !hasRealWords(text) { return .noRealWords }
        if looksSuspicious(text) { return .suspicious }
        return .ok
    }

    // MARK: - Real words

    /// True when at least half of the letters belong to word-like tokens.
    public static func hasRealWords(_ text: String) -> Bool {
        let letterTokens = tokens(of: Array(text.lowercased().unicodeScalars)).filter { $0.contains(where: isLetter) }
        if letterTokens.isEmpty { return false }
        // Several 4+ letter Latin tokens and not one vowel in the whole text: random consonants
        // ("xqzv kwpt"), while real vowel-less abbreviations (sr, swe, mgmt) come one at a time.
        let latinLetters = letterTokens.joined().filter { isLetter($0) && singleScript([$0]) == .latin }
        if letterTokens.filter({ $0.filter(isLetter).count >= 4 }).count >= 2,
           latinLetters.count == letterTokens.joined().filter(isLetter).count,
           !latinLetters.contains(where: { latinVowels.contains($0) }) {
            return false
        }
        var total = 0
        var good = 0
        for token in letterTokens {
            total += token.count
            if isWordlike(token) { good += token.count }
        }
        return good * 2 >= total
    }

    /// Whether one token (letters, digits and marks) could be a word or an abbreviation.
    static func isWordlike(_ token: [Unicode.Scalar]) -> Bool {
        let letters = token.filter(isLetter)
        let n = letters.count
        let digits = token.filter { $0.properties.generalCategory == .decimalNumber }.count
        if digits > 0 && n > 0 { return token.count <= 6 }  // k8s, b2b, html5 yes; hashes no
        if token.count >= 4 && Set(token).count * 3 <= token.count { return false }  // aaaa, 啊啊啊啊
        if token.count >= 6 && isPeriodic(token) { return false }  // sdfsdf
        guard let script = singleScript(letters) else { return true }
        if script == .latin && n >= 6 && letters.allSatisfy({ homeRow.contains($0) }) { return false }
        let vowels = script == .latin ? latinVowels : cyrillicVowels
        let vowelCount = letters.filter { vowels.contains($0) }.count
        if n >= 5 && vowelCount == 0 { return false }
        var run = 0
        var longestRun = 0
        for letter in letters {
            run = vowels.contains(letter) ? 0 : run + 1
            longestRun = max(longestRun, run)
        }
        if longestRun >= 7 { return false }
        if n >= 10 && Double(vowelCount) / Double(n) < 0.18 { return false }
        if n >= 5 {
            var adjacent = 0
            for i in 1..<n where keyboardNeighbours(letters[i - 1], letters[i]) { adjacent += 1 }
            if Double(adjacent) / Double(n - 1) >= 0.6 { return false }  // asdfgh, фывапр
        }
        return true
    }

    // MARK: - Injection shapes

    /// True for text shaped like markup, template/path/SQL injection or an instruction override.
    public static func looksSuspicious(_ text: String) -> Bool {
        let t = Array(text.lowercased().unicodeScalars)
        if t.contains(where: { ($0.value < 32 && $0 != "\t" && $0 != "\n" && $0 != "\r") || $0.value == 127 }) {
            return true
        }
        for marker in markers where includes(t, marker) { return true }
        for i in 0..<max(t.count - 1, 0) where t[i] == "<" {
            if isLetter(t[i + 1]) || "/!?".unicodeScalars.contains(t[i + 1]) { return true }  // <tag
        }
        if hasEventHandlerAttribute(String(String.UnicodeScalarView(t))) { return true }
        for i in t.indices {
            if t[i] == "'" || t[i] == "\"" {
                if follows(t, i + 1, quoteFollowers) { return true }  // ' or …, '; …, '--
            } else if t[i] == ";" {
                if follows(t, i + 1, sqlKeywords) { return true }  // ; drop …
            }
        }
        var end = t.count
        while end > 0 && t[end - 1] == " " { end -= 1 }
        if end >= 2 && t[end - 1] == "-" && t[end - 2] == "-" { return true }  // trailing SQL comment
        if hasNumericTautology(t) { return true }
        if hasRoleLabel(t) { return true }
        let words = tokens(of: t).map { String(String.UnicodeScalarView($0)) }
        for (i, word) in words.enumerated() {
            if overrideVerbs.contains(word) && words[(i + 1)..<min(i + 8, words.count)].contains(where: overrideObjects.contains) {
                return true
            }
            for phrase in phrases where words.count - i >= phrase.count && Array(words[i..<(i + phrase.count)]) == phrase {
                return true
            }
            if answerVerbs.contains(word) {
                var j = i + 1
                if j < words.count && words[j] == "only" { j += 1 }
                if j < words.count && (words[j] == "with" || words[j] == "that") { return true }
            }
            if word == "select" && words[(i + 1)..<min(i + 4, words.count)].contains("from") { return true }
        }
        if includes(t, "忽略") && ["指令", "指示", "说明", "规则"].contains(where: { includes(t, $0) }) { return true }
        if includes(t, "無視") && ["指示", "命令", "ルール"].contains(where: { includes(t, $0) }) { return true }
        return false
    }

    /// A role label directly followed by a colon, e.g. `system: …` or `### instruction:`.
    private static func hasRoleLabel(_ t: [Unicode.Scalar]) -> Bool {
        var word: [Unicode.Scalar] = []
        var afterSpace = false
        for scalar in t {
            if isLetter(scalar) {
                if afterSpace { word = [] }
                afterSpace = false
                word.append(scalar)
            } else if scalar == " " {
                afterSpace = true  // a label may stand apart from its colon
            } else {
                if scalar == ":" && roleLabels.contains(String(String.UnicodeScalarView(word))) { return true }
                word = []
                afterSpace = false
            }
        }
        return false
    }

    // MARK: - Helpers

    /// Splits on anything that is not a letter, a number or a combining mark.
    static func tokens(of scalars: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var result: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in scalars {
            if isLetter(scalar) || isNumber(scalar) || isMark(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                result.append(current)
                current = []
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    static func isNumber(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: true
        default: false
        }
    }

    static func isMark(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    private enum Script { case latin, cyrillic }

    /// The script of the letters when it is one alphabet with vowels we know; nil otherwise.
    private static func singleScript(_ letters: [Unicode.Scalar]) -> Script? {
        var found: Script?
        for letter in letters {
            let v = letter.value
            let script: Script
            if v < 0x80 || (0xC0...0x24F).contains(v) {
                script = .latin
            } else if (0x400...0x4FF).contains(v) {
                script = .cyrillic
            } else {
                return nil
            }
            if let f = found, f != script { return nil }
            found = script
        }
        return found
    }

    private static func isPeriodic(_ token: [Unicode.Scalar]) -> Bool {
        let n = token.count
        guard n >= 4 else { return false }
        for period in 2...(n / 2) where n % period == 0 {
            if (period..<n).allSatisfy({ token[$0] == token[$0 - period] }) { return true }
        }
        return false
    }

    private static let latinVowels = Set("aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœāăąēėęěīįıōőūůűų".unicodeScalars)
    private static let cyrillicVowels = Set("аеёиоуыэюяіїєў".unicodeScalars)
    private static let homeRow = Set("asdfghjkl".unicodeScalars)
    /// Letter rows of the US QWERTY and Russian ЙЦУКЕН layouts, top to bottom.
    private static let keyboardRows = ("qwertyuiop[] asdfghjkl;' zxcvbnm,./" + " йцукенгшщзхъ фывапролджэ ячсмитьбю.").split(separator: " ")
        .map { Array($0.unicodeScalars.filter(isLetter)) }

    /// Horizontal neighbours on a QWERTY or ЙЦУКЕН row.
    private static func keyboardNeighbours(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        for row in keyboardRows {
            guard let i = row.firstIndex(of: a), let j = row.firstIndex(of: b) else { continue }
            return abs(i - j) == 1
        }
        return false
    }

    private static let markers: [[Unicode.Scalar]] = [
        "{{", "}}", "${", "<%", "%>", "{%", "%}", "#{", "../", "..\\", "%2e%2e", "/etc/", "file://",
        "javascript:", "vbscript:", "$(", "`", "/*", "*/", "&lt;", "&gt;", "&#", "\\x00",
        "###", "[inst]", "[/inst]", "<|", "|>",  // prompt-template delimiters
    ].map { Array($0.unicodeScalars) }
    /// Chat-transcript role labels: `system:`, `instruction:` … start an injected prompt.
    private static let roleLabels: Set<String> = [
        "system", "assistant", "instruction", "instructions", "developer", "prompt",
    ]
    private static let quoteFollowers = ["or", "and", "union", "having", ";", "--", "#", "="]
    private static let sqlKeywords = ["drop", "delete", "insert", "update", "select", "alter", "truncate", "create",
                                      "exec", "execute", "shutdown", "union"]
    private static let overrideVerbs: Set<String> = [
        "ignore", "disregard", "forget", "override", "bypass", "ignora", "ignorez", "ignorer", "ignoriere",
        "ignorieren", "игнорируй", "проигнорируй", "ігноруй", "забудь",
    ]
    private static let overrideObjects: Set<String> = [
        "instruction", "instructions", "rule", "rules", "prompt", "prompts", "direction", "directions", "guideline",
        "guidelines", "context", "constraint", "constraints", "policy", "policies", "above", "previous", "prior",
        "earlier", "everything", "instrucciones", "reglas", "anweisungen", "regeln", "règles", "consignes",
        "инструкции", "правила", "інструкції", "вказівки",
    ]
    private static let phrases: [[String]] = [
        "system prompt", "developer mode", "jailbreak", "do anything now", "you are now", "from now on",
        "pretend you", "pretend to be", "new instructions", "new instruction", "union select", "union all select",
        "drop table", "drop database", "truncate table", "insert into", "delete from",
        "classify as", "classify it as", "classify this as", "label it as", "label this as",
    ].map { $0.split(separator: " ").map(String.init) }
    private static let answerVerbs: Set<String> = ["say", "reply", "respond", "answer", "output", "print"]

    private static func includes(_ t: [Unicode.Scalar], _ needle: String) -> Bool {
        includes(t, Array(needle.unicodeScalars))
    }

    private static func includes(_ t: [Unicode.Scalar], _ needle: [Unicode.Scalar]) -> Bool {
        guard !needle.isEmpty, t.count >= needle.count else { return false }
        for start in 0...(t.count - needle.count) where t[start] == needle[0] {
            if t[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// After `from`, skipping spaces and `)`, one of `words` starts (a whole word if it is alphabetic).
    private static func follows(_ t: [Unicode.Scalar], _ from: Int, _ words: [String]) -> Bool {
        var j = from
        while j < t.count && (t[j] == " " || t[j] == ")") { j += 1 }
        for word in words {
            let w = Array(word.unicodeScalars)
            guard j + w.count <= t.count, t[j..<(j + w.count)].elementsEqual(w) else { continue }
            let k = j + w.count
            if !isLetter(w[0]) || k >= t.count || !(isLetter(t[k]) || isNumber(t[k])) { return true }
        }
        return false
    }

    /// `onerror=`-style HTML event-handler attributes.
    private static func hasEventHandlerAttribute(_ s: String) -> Bool {
        for piece in s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) where piece.contains("=") {
            var name = Substring(piece.split(separator: "=", omittingEmptySubsequences: false)[0])
            while let first = name.first, "'\"<(/".contains(first) { name = name.dropFirst() }
            if name.count > 2 && name.hasPrefix("on") && name.unicodeScalars.allSatisfy(isLetter) { return true }
        }
        return false
    }

    /// A numeric tautology such as `or 3=3` / `and 5 = 5`.
    private static func hasNumericTautology(_ t: [Unicode.Scalar]) -> Bool {
        for i in t.indices where i == 0 || !(isLetter(t[i - 1]) || isNumber(t[i - 1])) {
            for keyword in ["or", "and"] {
                let kw = Array(keyword.unicodeScalars)
                guard i + kw.count < t.count, t[i..<(i + kw.count)].elementsEqual(kw), t[i + kw.count] == " " else { continue }
                var j = i + kw.count
                while j < t.count && t[j] == " " { j += 1 }
                var k = j
                while k < t.count && t[k].properties.generalCategory == .decimalNumber { k += 1 }
                if k == j { continue }
                while k < t.count && t[k] == " " { k += 1 }
                if k < t.count && t[k] == "=" { return true }
            }
        }
        return false
    }
}
