import Testing
@testable import CVMatchCore

/// Reading the admin proof; what it admits is tested at the stats endpoint (CVMatchAppTests) with
/// OpenSSL's comparison.
@Suite struct AdminProofTests {
    let secret = String(repeating: "ab12", count: 8)

    @Test(arguments: ["", "short", String(repeating: "a", count: 31), String(repeating: "a", count: 31) + "\"",
                      String(repeating: "a", count: 32) + ";x", String(repeating: "a", count: 32) + " b"])
    func aShortOrUnquotableSecretIsRefused(text: String) {
        #expect(throws: ConfigError.self) { try AdminProof(parsing: text, source: "f") }
    }

    @Test func unsetMeansNoProofAndAnUnreadableFileIsAnError() throws {
        #expect(try AdminProof.load(environment: EnvironmentReader([:]), readFile: { _ in nil }) == nil)
        let env = EnvironmentReader(["CVMATCH_ADMIN_PROOF_FILE": "/etc/cvmatch/admin-proof"])
        #expect(throws: ConfigError.self) { try AdminProof.load(environment: env, readFile: { _ in nil }) }
        #expect(try AdminProof.load(environment: env, readFile: { _ in Array("\n  \(secret)  \n".utf8) }) != nil)
    }
}
