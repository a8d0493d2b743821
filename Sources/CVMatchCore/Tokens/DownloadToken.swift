/// The claims of a one-time download token (a JWT signed with HS256).
public struct DownloadToken: Sendable, Equatable, Codable {
    /// The position whose PDF the token unlocks.
    public var pos: String
    /// Random token id; its first use is recorded in Redis.
    public var jti: String
    /// Issued at, Unix seconds.
    public var iat: Int
    /// Expires at, Unix seconds.
    public var exp: Int

    public init(pos: String, jti: String, iat: Int, exp: Int) {
        self.pos = pos
        self.jti = jti
        self.iat = iat
        self.exp = exp
    }

    /// A fresh token for `position`, valid for `lifetime` seconds from `now`; `randomID` is the
    /// token id's 16 random bytes (from a secure source).
    public static func issue(position: String, randomID: [UInt8], now: Int, lifetime: Int) -> DownloadToken {
        DownloadToken(pos: position, jti: Base64URL.encode(randomID), iat: now, exp: now + lifetime)
    }
}
