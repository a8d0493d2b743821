import Testing
@testable import CVMatchCrypto

/// FIPS 180 test vectors, and the same answers from several threads at once.
@Suite struct DigestTests {
    @Test func knownVectors() {
        #expect(Digest.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Digest.sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digest.sha1Hex(Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test func sharedAcrossThreads() async {
        let answers = await withTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<200).map { _ in Digest.sha256Hex(Array("abc".utf8)) }.last! }
            }
            return await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(answers == ["ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"])
    }
}
