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

    /// RFC 4231 test case 6 (a key longer than the block), then case 2 again on the same thread,
    /// then both on other threads: each thread's reused contexts give the right tag for each key.
    @Test func reusedContextsKeepEachKeyApart() async {
        let longKey = [UInt8](repeating: 0xaa, count: 131)
        let longMessage = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        let long = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        let short = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        let hmac = HMACSHA256()
        let jefe = Array("Jefe".utf8), nothing = Array("what do ya want for nothing?".utf8)
        for _ in 0..<3 {
            #expect(Hex.encode(hmac.mac(key: longKey, message: longMessage)) == long)
            #expect(Hex.encode(hmac.mac(key: jefe, message: nothing)) == short)
        }
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    Hex.encode(hmac.mac(key: jefe, message: nothing)) == short
                        && Hex.encode(hmac.mac(key: longKey, message: longMessage)) == long
                }
            }
            for await ok in group { #expect(ok) }
        }
    }

    @Test func comparesWholeStrings() {
        #expect(HMACSHA256().constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!HMACSHA256().constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!HMACSHA256().constantTimeEquals([1, 2, 3], [1, 2]))
    }
}

/// Byte-level token reading and writing pinned against independent references.
extension TokenCodecTests {
    /// The exact bytes of a token (computed independently, with Python's hmac): signing must not drift.
    @Test func encodesTheSameBytesAsTheReferenceSigner() throws {
        let text = try codec([new]).encode(DownloadToken(pos: "backend", jti: "abcDEF123_-", iat: 1000, exp: 1600))
        #expect(text == "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsyIn0"
            + ".eyJwb3MiOiJiYWNrZW5kIiwianRpIjoiYWJjREVGMTIzXy0iLCJpYXQiOjEwMDAsImV4cCI6MTYwMH0"
            + ".7AgtAe3rqQZMn8VAdaIEEJEjAmXgL-B1dGfHME3cpmM")
    }

    /// A correctly signed token whose JSON is not the canonical shape (reordered keys, spaces, no
    /// `typ`) still verifies: the byte-level reader falls back to `JSONDecoder`.
    @Test func acceptsNonCanonicalJSONThatIsSigned() throws {
        let text = "eyJraWQiOiJrMiIsImFsZyI6IkhTMjU2In0"
            + ".eyAiZXhwIjoxNjAwLCAiaWF0IjoxMDAwLCAianRpIjoiYWJjREVGMTIzXy0iLCAicG9zIjoiYmFja2VuZCIgfQ"
            + ".Uh6oReI5QDNxzzwcxSClWW0cg9MF_ZQ_vKkPeOYea7Q"
        #expect(try codec([new]).verify(text, now: 1500)
            == DownloadToken(pos: "backend", jti: "abcDEF123_-", iat: 1000, exp: 1600))
    }

    /// On every shape the byte-level reader accepts it reads what `JSONDecoder` reads; it declines the rest.
    @Test func canonicalReaderAgreesWithJSONDecoder() throws {
        struct Header: Decodable { var alg: String; var kid: String? }
        let headers = [#"{"alg":"HS256","typ":"JWT","kid":"k2"}"#, #"{"alg":"HS256","typ":"JWT","kid":""}"#,
                       #"{"alg":"HS256","typ":"JWT","kid":"a_-Z9"}"#, #"{"alg":"HS256","typ":"JWT","kid":"k\u0032"}"#,
                       #"{"alg":"HS256","typ":"JWT","kid":"k2"} "#, #"{"alg":"HS256","typ":"JWT","kid":"k2","x":1}"#,
                       #"{"alg":"HS512","typ":"JWT","kid":"k2"}"#, #"{"alg":"HS256","typ":"JWT","kid":"k2""#]
        for text in headers {
            let bytes = Array(text.utf8)
            guard let kid = CanonicalTokenJSON.keyID(header: bytes) else { continue }
            let decoded = try JSONDecoder().decode(Header.self, from: Data(bytes))
            #expect(decoded.alg == "HS256" && decoded.kid == kid, "\(text)")
        }
        #expect(CanonicalTokenJSON.keyID(header: Array(headers[0].utf8)) == "k2")
        #expect(CanonicalTokenJSON.keyID(header: Array(headers[3].utf8)) == nil)
        let claims = [#"{"pos":"pm","jti":"x1","iat":0,"exp":100}"#, #"{"pos":"pm","jti":"x1","iat":01,"exp":100}"#,
                      #"{"pos":"pm","jti":"x1","iat":-1,"exp":100}"#, #"{"pos":"p\"m","jti":"x1","iat":0,"exp":100}"#,
                      #"{"pos":"pm","jti":"x1","iat":0,"exp":1000000000000000000}"#,
                      #"{"pos":"pm","jti":"x1","iat":0,"exp":999999999999999999}"#,
                      #"{"pos":"pm","jti":"x1","iat":0,"exp":100}x"#, #"{"pos":"pm","jti":"x1","iat":0,"exp":1.5}"#,
                      #"{"pos":"é","jti":"x1","iat":0,"exp":100}"#, #"{"pos":"","jti":"","iat":0,"exp":0}"#]
        var read = 0
        for text in claims {
            let bytes = Array(text.utf8)
            guard let token = CanonicalTokenJSON.claims(bytes) else { continue }
            read += 1
            #expect(try JSONDecoder().decode(DownloadToken.self, from: Data(bytes)) == token, "\(text)")
        }
        #expect(read == 3)
        #expect(CanonicalTokenJSON.claims(Array(claims[5].utf8))?.exp == 999_999_999_999_999_999)
    }
}
