import FoundationEssentials
import Testing
@testable import CVMatchCore
import CVMatchCrypto

@Suite struct TokenCodecTests {
    let old = TokenKeyRing.Key(id: "k1", secret: Array("an-old-secret-that-is-long-enough-1234".utf8))
    let new = TokenKeyRing.Key(id: "k2", secret: Array("the-newest-secret-that-is-long-enough-99".utf8))

    func codec(_ keys: [TokenKeyRing.Key]) throws -> TokenCodec {
        TokenCodec(keyRing: try TokenKeyRing(keys: keys), authenticator: HMACSHA256())
    }

    @Test func roundTripsWithTheNewestKey() throws {
        let codec = try codec([old, new])
        let token = DownloadToken(pos: "backend", jti: "abcDEF123_-", iat: 1000, exp: 1600)
        let text = codec.encode(token)
        let header = try #require(Base64URL.decode(text.split(separator: ".")[0]))
        #expect(String(decoding: header, as: UTF8.self) == #"{"alg":"HS256","typ":"JWT","kid":"k2"}"#)
        #expect(try codec.verify(text, now: 1599) == token)
    }

    @Test func verifiesTokensSignedWithAnOlderKey() throws {
        let text = try codec([old]).encode(DownloadToken(pos: "pm", jti: "x1", iat: 0, exp: 100))
        #expect(try codec([old, new]).verify(text, now: 50).pos == "pm")
    }

    @Test func refusesARemovedKey() throws {
        let text = try codec([old]).encode(DownloadToken(pos: "pm", jti: "x1", iat: 0, exp: 100))
        #expect(throws: TokenError.unknownKey) { try codec([new]).verify(text, now: 50) }
    }

    @Test func refusesAKeyWithTheSameIdButAnotherSecret() throws {
        let impostor = TokenKeyRing.Key(id: "k2", secret: Array("someone-elses-secret-long-enough-000000".utf8))
        let text = try codec([impostor]).encode(DownloadToken(pos: "pm", jti: "x1", iat: 0, exp: 100))
        #expect(throws: TokenError.badSignature) { try codec([new]).verify(text, now: 50) }
    }

    @Test func expiresOnceExpIsPastBeyondTheClockSkew() throws {
        let codec = try codec([new])
        let text = codec.encode(DownloadToken(pos: "pm", jti: "x1", iat: 0, exp: 100))
        #expect(try codec.verify(text, now: 100 + TokenClaimLimits.defaultClockSkew - 1).jti == "x1")
        #expect(throws: TokenError.expired) { try codec.verify(text, now: 100 + TokenClaimLimits.defaultClockSkew) }
    }

    @Test func checksTheTimeClaimsAfterTheSignature() throws {
        let codec = TokenCodec(keyRing: try TokenKeyRing(keys: [new]), authenticator: HMACSHA256(),
                               limits: TokenClaimLimits(maximumLifetime: 600))
        let tooLong = codec.encode(DownloadToken(pos: "pm", jti: "x1", iat: 0, exp: 601))
        #expect(throws: TokenError.lifetimeTooLong) { try codec.verify(tooLong, now: 10) }
        let future = codec.encode(DownloadToken(pos: "pm", jti: "x1", iat: 1000, exp: 1600))
        #expect(throws: TokenError.issuedInTheFuture) { try codec.verify(future, now: 10) }
    }

    @Test func refusesTamperedClaims() throws {
        let codec = try codec([new])
        let parts = codec.encode(DownloadToken(pos: "pm", jti: "x1", iat: 0, exp: 100)).split(separator: ".")
        let forged = Base64URL.encode(Array(#"{"pos":"backend","jti":"x1","iat":0,"exp":100}"#.utf8))
        #expect(throws: TokenError.badSignature) { try codec.verify("\(parts[0]).\(forged).\(parts[2])", now: 50) }
    }

    @Test func refusesOtherAlgorithms() throws {
        let codec = try codec([new])
        let parts = codec.encode(DownloadToken(pos: "pm", jti: "x1", iat: 0, exp: 100)).split(separator: ".")
        for alg in ["none", "HS512", "RS256"] {
            let header = Base64URL.encode(Array(#"{"alg":"\#(alg)","typ":"JWT","kid":"k2"}"#.utf8))
            #expect(throws: TokenError.unsupportedAlgorithm) { try codec.verify("\(header).\(parts[1]).\(parts[2])", now: 50) }
            #expect(throws: TokenError.unsupportedAlgorithm) { try codec.verify("\(header).\(parts[1]).", now: 50) }
        }
    }

    @Test func refusesMalformedText() throws {
        let codec = try codec([new])
        for text in ["", "a.b", "a.b.c.d", "!!!.@@@.###", String(repeating: "a", count: 2000), "e30.e30.e30"] {
            #expect(throws: TokenError.self) { try codec.verify(text, now: 50) }
        }
    }

    @Test func issuesRandomIdsAndTheLifetime() {
        let a = DownloadToken.issue(position: "pm", randomID: SecureRandom.bytes(16), now: 10, lifetime: 600)
        let b = DownloadToken.issue(position: "pm", randomID: SecureRandom.bytes(16), now: 10, lifetime: 600)
        #expect(a.jti != b.jti)
        #expect(a.exp == 610 && a.iat == 10)
        #expect(Base64URL.decode(a.jti)?.count == 16)
    }
}

@Suite struct TokenKeyRingTests {
    @Test func parsesKeysInOrderNewestLast() throws {
        let ring = try TokenKeyRing(parsing: "# keys\nold 0123456789abcdef0123456789abcdef\n\nnew fedcba9876543210fedcba9876543210\n", source: "k")
        #expect(ring.keys.map(\.id) == ["old", "new"])
        #expect(ring.signingKey.id == "new")
    }

    @Test(arguments: [
        ("", "lists no key"),
        ("k1 short", "shorter than 32"),
        ("k1", "expected `KID SECRET`"),
        ("bad/kid 0123456789abcdef0123456789abcdef", "a kid is"),
        ("a 0123456789abcdef0123456789abcdef\na 0123456789abcdef0123456789abcdef", "listed twice"),
    ])
    func refusesBadFiles(text: String, message: String) {
        #expect {
            _ = try TokenKeyRing(parsing: text, source: "keys")
        } throws: { error in
            (error as? ConfigError)?.description.contains(message) == true
        }
    }
}

@Suite struct Base64URLTests {
    @Test func roundTripsEveryLength() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(($0 * 37 + length) & 0xff) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
    }

    @Test func matchesTheRFCAlphabet() {
        #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
        #expect(Base64URL.encode(Array("hello".utf8)) == "aGVsbG8")
    }

    @Test func refusesPaddingForeignCharactersAndNonCanonicalTails() {
        #expect(Base64URL.decode("aGVsbG8=") == nil)
        #expect(Base64URL.decode("aGV+bG8") == nil)
        #expect(Base64URL.decode("a") == nil)
        #expect(Base64URL.decode("aGVsbG9") == nil)
    }
}

@Suite struct HMACTests {
    @Test func matchesRFC4231TestCase2() {
        let mac = HMACSHA256().mac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(Hex.encode(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func comparesWholeStrings() {
        #expect(HMACSHA256().constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!HMACSHA256().constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!HMACSHA256().constantTimeEquals([1, 2, 3], [1, 2]))
    }
}
