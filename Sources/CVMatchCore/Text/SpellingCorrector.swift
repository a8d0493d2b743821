/// Fixes small typos in a query against the words of the owner's own examples, before embedding:
/// "bakend develper" is embedded as "backend developer".
///
/// Only Latin or Cyrillic words of 5 or more letters that the examples never use are touched. Each
/// is replaced by a word of 5 or more letters that the examples use at least 3 times, within 1 edit
/// (2 from 9 letters on; an edit inserts, deletes, substitutes or swaps neighbouring letters), not
/// merely the same word with another ending; the closest wins, ties go to the more frequent word,
/// and a word still tied is left alone. The vocabulary comes from the positions file, so nothing depends on a model.
/// A word in `protectedWords` (a real word of an installed dictionary, see `DictionaryGuard`) is
/// never corrected: "coordinate" stays "coordinate" even though "coordinator" is one edit away.
public struct SpellingCorrector: Sendable {
    /// How often a word must occur in the examples to be a correction target.
    static let minimumTargetCount = 3

    private let frequency: [String: Int]
    private let wordsByLength: [Int: [[Unicode.Scalar]]]
    private let protectedWords: Set<String>

    public init(vocabulary texts: [String], protectedWords: Set<String> = []) {
        self.protectedWords = protectedWords
        var frequency: [String: Int] = [:]
        for text in texts {
            let scalars = Array(text.unicodeScalars)
            for run in Self.letterRuns(scalars) where run.count >= 4 {
                frequency[String(String.UnicodeScalarView(scalars[run])), default: 0] += 1
            }
        }
        self.frequency = frequency
        // Targets are the examples' recurring words (developer, engineer, product, manager…), so a
        // real word that the examples happen not to use is never bent into a rare one.
        let targets = frequency.filter { $0.value >= Self.minimumTargetCount && $0.key.unicodeScalars.count >= 5 }.keys
        wordsByLength = Dictionary(grouping: targets.map { Array($0.unicodeScalars) }, by: \.count)
    }

    /// The text with each unknown word replaced by its correction (unchanged when there is none).
    public func correct(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        for run in Self.letterRuns(scalars).reversed() where run.count >= 5 {
            let word = Array(scalars[run])
            if let fix = correction(for: word) { scalars.replaceSubrange(run, with: fix) }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// The correction of one lower-case word, or nil when it is left alone.
    func correction(for word: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        guard let fix = nearestTarget(for: word) else { return nil }
        let text = String(String.UnicodeScalarView(word))
        return frequency[text] == nil && !protectedWords.contains(text) ? fix : nil
    }

    /// The closest correction target within the edit limit (nil when none, or when tied).
    private func nearestTarget(for word: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        let limit = word.count >= 9 ? 2 : 1
        var best: (distance: Int, count: Int, word: [Unicode.Scalar])?
        var tied = false
        for length in (word.count - limit)...(word.count + limit) {
            for candidate in wordsByLength[length] ?? [] {
                guard Self.sharesAnEarlyLetter(word, candidate, within: limit) else { continue }
                let distance = Self.editDistance(word, candidate, limit: limit)
                guard distance <= limit, !Self.isInflection(word, candidate) else { continue }
                let count = frequency[String(String.UnicodeScalarView(candidate))] ?? 0
                if let current = best {
                    if distance < current.distance || (distance == current.distance && count > current.count) {
                        best = (distance, count, candidate)
                        tied = false
                    } else if distance == current.distance && count == current.count {
                        tied = true
                    }
                } else {
                    best = (distance, count, candidate)
                }
            }
        }
        return tied ? nil : best?.word
    }

    /// One word is the other plus an ending (`role`/`roles`, `experience`/`experienced`): a real
    /// word in another form, not a typo.
    static func isInflection(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        return long.count > short.count && long.starts(with: short)
    }

    /// A quick necessary condition for `editDistance(a, b) <= limit` (limit 1 or 2): with at most
    /// `limit` edits, some letter among the first `limit + 1` of one word is among those of the other.
    static func sharesAnEarlyLetter(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], within limit: Int) -> Bool {
        for x in a.prefix(limit + 1) where b.prefix(limit + 1).contains(x) { return true }
        return false
    }

    /// Optimal-string-alignment distance (Levenshtein plus swaps of neighbours), cut off above `limit`.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        let width = b.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { rows in
            var before = 0, previous = width, current = 2 * width
            for j in 0..<width { rows[previous + j] = j; rows[before + j] = 0 }
            for i in 1...a.count {
                rows[current] = i
                var rowMinimum = i
                for j in 1...b.count {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var value = min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, rows[before + j - 2] + 1) }
                    rows[current + j] = value
                    rowMinimum = min(rowMinimum, value)
                }
                if rowMinimum > limit { return limit + 1 }
                (before, previous, current) = (previous, current, before)
            }
            return rows[previous + b.count]
        }
    }

    /// Index ranges of maximal runs of Latin or Cyrillic letters. Scripts written without spaces
    /// (Chinese, Japanese) are never touched: there one character is a word, not a typo.
    static func letterRuns(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start: Int?
        for (index, scalar) in scalars.enumerated() {
            if isLatinOrCyrillicLetter(scalar) {
                if start == nil { start = index }
            } else if let s = start {
                runs.append(s..<index)
                start = nil
            }
        }
        if let s = start { runs.append(s..<scalars.count) }
        return runs
    }

    static func isLatinOrCyrillicLetter(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.properties.isAlphabetic else { return false }
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF, 0x400...0x52F: return true
        default: return false
        }
    }
}
