import Testing
@testable import CVMatchCore

@Suite struct TokenClaimLimitsTests {
    let limits = TokenClaimLimits(maximumLifetime: 600, clockSkew: 30)

    func token(iat: Int, exp: Int) -> DownloadToken {
        DownloadToken(pos: "backend", jti: "x1", iat: iat, exp: exp)
    }

    @Test func acceptsATokenWithinItsLifetime() throws {
        try limits.check(token(iat: 1000, exp: 1600), now: 1000)
        try limits.check(token(iat: 1000, exp: 1600), now: 1599)
    }

    @Test func anIssueTimeInTheFutureIsToleratedOnlyWithinTheSkew() throws {
        try limits.check(token(iat: 1030, exp: 1630), now: 1000)
        #expect(throws: TokenError.issuedInTheFuture) { try limits.check(token(iat: 1031, exp: 1631), now: 1000) }
        #expect(throws: TokenError.issuedInTheFuture) {
            try limits.check(token(iat: 32_503_680_000, exp: 32_503_680_600), now: 1000)
        }
    }

    @Test func refusesLifetimesBeyondTheMaximumOrNotPositive() throws {
        #expect(throws: TokenError.lifetimeTooLong) { try limits.check(token(iat: 1000, exp: 1601), now: 1000) }
        #expect(throws: TokenError.lifetimeTooLong) { try limits.check(token(iat: 1000, exp: 32_503_680_000), now: 1000) }
        #expect(throws: TokenError.lifetimeTooLong) { try limits.check(token(iat: 1000, exp: 1000), now: 1000) }
        #expect(throws: TokenError.lifetimeTooLong) { try limits.check(token(iat: 1000, exp: 900), now: 1000) }
    }

    @Test func anExpiryJustPastIsLeftToRedisClockBeyondTheSkewItIsExpired() throws {
        // within the skew the download script decides against Redis's clock
        try limits.check(token(iat: 1000, exp: 1600), now: 1629)
        #expect(throws: TokenError.expired) { try limits.check(token(iat: 1000, exp: 1600), now: 1630) }
    }
}
