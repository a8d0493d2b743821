/// What a validly signed token's time claims may say, checked before anything touches Redis.
///
/// The download script decides expiry and first use against Redis's clock; these checks only turn
/// away what no clock could make valid: an `iat` in the future beyond the tolerated skew, a lifetime
/// beyond the configured maximum (a leaked key cannot mint a link valid until the year 3000), and
/// an `exp` already past by more than the skew (no Redis call for those).
public struct TokenClaimLimits: Sendable, Equatable {
    /// Seconds two clocks (the issuing process's, this process's, Redis's) may disagree.
    public static let defaultClockSkew = 30

    /// Longest `exp - iat` accepted: the configured token lifetime (`CVMATCH_TOKEN_TTL`).
    public var maximumLifetime: Int
    public var clockSkew: Int

    public init(maximumLifetime: Int, clockSkew: Int = defaultClockSkew) {
        self.maximumLifetime = maximumLifetime
        self.clockSkew = clockSkew
    }

    /// Checks the claims of `token` at `now` (Unix seconds).
    public func check(_ token: DownloadToken, now: Int) throws(TokenError) {
        guard token.iat <= now + clockSkew else { throw .issuedInTheFuture }
        guard token.exp > token.iat, token.exp - token.iat <= maximumLifetime else { throw .lifetimeTooLong }
        guard token.exp + clockSkew > now else { throw .expired }
    }
}
