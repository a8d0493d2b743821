import FoundationEssentials

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

    /// A fresh token for `position`, valid for `lifetime` seconds from `now`.
    public static func issue(position: String, now: Int, lifetime: Int) -> DownloadToken {
        DownloadToken(pos: position, jti: Base64URL.encode(SecureRandom.bytes(16)), iat: now, exp: now + lifetime)
    }
}
