import Testing
@testable import CVMatchCore

@Suite struct SpellingCorrectorTests {
    /// "developer", "engineer", "backend", "product", "manager" recur; "chef" and "roles" do not
    /// reach the 3 occurrences (or 5 letters) a correction target needs.
    let corrector = SpellingCorrector(vocabulary: [
        "backend developer", "senior backend developer", "backend engineer", "software engineer",
        "platform engineer", "python developer", "senior software engineer", "product manager", "senior product manager",
        "product manager, growth", "chef", "sous chef", "chef de partie", "engineering roles",
        "后端开发工程师", "前端开发工程师", "前端开发工程师 react", "前端开发工程师 vue",
    ])

    @Test func fixesOneEditInKnownWords() {
        #expect(corrector.correct("bakend develper") == "backend developer")
        #expect(corrector.correct("prodcut manger, berlin") == "product manager, berlin")
        #expect(corrector.correct("senoir backend enginer") == "senior backend engineer")
    }

    @Test func allowsTwoEditsOnlyInLongWords() {
        #expect(corrector.correct("develloper") == "developer")          // 10 letters, 1 edit
        #expect(corrector.correct("devvelopper") == "developer")         // 11 letters, 2 edits
        #expect(corrector.correct("prduct mangr") == "product mangr")    // 5 letters, 2 edits: left
    }

    @Test func leavesKnownShortRareAndInflectedWordsAlone() {
        #expect(corrector.correct("chief engineer") == "chief engineer")      // "chef" is 4 letters
        #expect(corrector.correct("engineers") == "engineers")                // an ending, not a typo
        #expect(corrector.correct("backend developers") == "backend developers")
        #expect(corrector.correct("senior data scientist") == "senior data scientist")
    }

    @Test func neverTouchesScriptsWithoutSpaces() {
        #expect(corrector.correct("后端开发工程师") == "后端开发工程师")
        #expect(corrector.correct("后端开发工程帅") == "后端开发工程帅")
    }

    @Test func measuresSwapsAsOneEdit() {
        #expect(SpellingCorrector.editDistance(Array("backedn".unicodeScalars), Array("backend".unicodeScalars), limit: 2) == 1)
        #expect(SpellingCorrector.editDistance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars), limit: 5) == 3)
        #expect(SpellingCorrector.editDistance(Array("abcdef".unicodeScalars), Array("uvwxyz".unicodeScalars), limit: 2) == 3)
    }
}
