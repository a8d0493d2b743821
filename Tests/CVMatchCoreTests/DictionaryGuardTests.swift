import Testing
@testable import CVMatchCore

@Suite struct DictionaryGuardTests {
    /// "coordinator", "driver" and "developer" recur in these examples, so they are correction targets.
    let vocabulary = [
        "delivery driver", "truck driver", "taxi driver", "project coordinator", "event coordinator",
        "office coordinator", "backend developer", "python developer", "senior developer",
    ]

    @Test func dictionaryWordsNearATargetAreKept() {
        let corrector = SpellingCorrector(vocabulary: vocabulary)
        let words = ["coordinate", "driven", "Developed", "table", "zebra", "dog", "coordinates", "x-ray"]
        let kept = DictionaryGuard.protectedWords(in: words, corrector: corrector)
        // "developed" is one letter from "developer", "coordinates" two from "coordinator" (11 letters);
        // "table", "zebra" are far from every target, "dog" and "x-ray" are not words the corrector touches.
        #expect(kept == ["coordinate", "coordinates", "developed", "driven"])
    }

    @Test func theCorrectorLeavesDictionaryWordsAlone() {
        let plain = SpellingCorrector(vocabulary: vocabulary)
        #expect(plain.correct("coordinate event-driven services") == "coordinator event-driver services")
        let guarded = SpellingCorrector(vocabulary: vocabulary,
                                        protectedWords: Set(DictionaryGuard.protectedWords(in: ["coordinate", "driven"], corrector: plain)))
        #expect(guarded.correct("coordinate event-driven services") == "coordinate event-driven services")
        #expect(guarded.correct("a python develpper") == "a python developer")   // typos are still fixed
    }

    @Test func theEarlyLetterFilterNeverHidesAMatch() {
        let words = ["developer", "engineer", "manager", "product"].map { Array($0.unicodeScalars) }
        let typos = ["edveloper", "dveeloper", "ngineer", "enigneer", "amnager", "mangaer", "rpoduct", "xxoduct", "pdoruct"]
        for typo in typos.map({ Array($0.unicodeScalars) }) {
            for word in words {
                for limit in 1...2 where SpellingCorrector.editDistance(typo, word, limit: limit) <= limit {
                    #expect(SpellingCorrector.sharesAnEarlyLetter(typo, word, within: limit))
                }
            }
        }
    }
}
