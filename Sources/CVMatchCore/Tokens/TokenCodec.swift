import FoundationEssentials

/// Why a presented token was refused.
public enum TokenError: Error, Equatable {
    /// Not three base64url parts of valid JSON with the expected claims.
    case malformed
    /// `alg` is not HS256.
    case unsupportedAlgorithm
    /// `kid` names no configured key.
    case unknownKey
    /// The signature does not match.
    case badSignature
    /// Past its `exp` (by more than the tolerated clock skew when checked in process).
    case expired
    /// `iat` lies in the future beyond the tolerated clock skew.
    case issuedInTheFuture
    /// `exp - iat` exceeds the configured maximum lifetime, or is not positive.
    case lifetimeTooLong
}

/// Encodes and verifies download tokens as compact JWS (HS256 with a `kid` header).
public struct TokenCodec: Sendable {
    /// Tokens longer than this are refused before any parsing.
    public static let maximumLength = 1024

    public let keyRing: TokenKeyRing
    public let limits: TokenClaimLimits
    private let authenticator: any MessageAuthenticator

    public init(keyRing: TokenKeyRing, authenticator: any MessageAuthenticator,
                limits: TokenClaimLimits = TokenClaimLimits(maximumLifetime: 86_400)) {
        self.keyRing = keyRing
        self.authenticator = authenticator
        self.limits = limits
    }

    private struct Header: Codable {
        var alg: String
        var typ: String?
        var kid: String?
    }

    /// Signs `token` with the newest key.
    public func encode(_ token: DownloadToken) -> String {
        let key = keyRing.signingKey
        let header = #"{"alg":"HS256","typ":"JWT","kid":"\#(key.id)"}"#
        // Field values are base64url ids and integers; position ids are validated at populate time.
        let claims = #"{"pos":"\#(token.pos)","jti":"\#(token.jti)","iat":\#(token.iat),"exp":\#(token.exp)}"#
        var out: [UInt8] = []
        out.reserveCapacity(256)
        Base64URL.append(Array(header.utf8), to: &out)
        out.append(UInt8(ascii: "."))
        Base64URL.append(Array(claims.utf8), to: &out)
        let signature = authenticator.mac(key: key.secret, message: out)
        out.append(UInt8(ascii: "."))
        Base64URL.append(signature, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Checks structure, algorithm, key, signature (in constant time) and the time claims
    /// (`TokenClaimLimits`), in that order.
    public func verify(_ text: String, now: Int) throws(TokenError) -> DownloadToken {
        guard text.utf8.count <= Self.maximumLength else { throw .malformed }
        let bytes = Array(text.utf8)
        guard let firstDot = bytes.firstIndex(of: UInt8(ascii: ".")),
              let secondDot = bytes[(firstDot + 1)...].firstIndex(of: UInt8(ascii: ".")),
              !bytes[(secondDot + 1)...].contains(UInt8(ascii: ".")),
              let headerBytes = Base64URL.decode(bytes: bytes[..<firstDot]),
              let claimBytes = Base64URL.decode(bytes: bytes[(firstDot + 1)..<secondDot]),
              let signature = Base64URL.decode(bytes: bytes[(secondDot + 1)...])
        else { throw .malformed }
        let kid: String?
        if let canonical = CanonicalTokenJSON.keyID(header: headerBytes) {
            kid = canonical
        } else {
            guard let header = try? JSONDecoder().decode(Header.self, from: Data(headerBytes)) else { throw .malformed }
            guard header.alg == "HS256" else { throw .unsupportedAlgorithm }
            kid = header.kid
        }
        guard let kid, let key = keyRing.key(id: kid) else { throw .unknownKey }
        let expected = authenticator.mac(key: key.secret, message: Array(bytes[..<secondDot]))
        guard authenticator.constantTimeEquals(expected, signature) else { throw .badSignature }
        guard let token = CanonicalTokenJSON.claims(claimBytes)
                ?? (try? JSONDecoder().decode(DownloadToken.self, from: Data(claimBytes))),
              PositionID.isValid(token.pos), !token.jti.isEmpty, token.jti.utf8.count <= 64,
              Base64URL.usesAlphabet(token.jti)
        else { throw .malformed }
        try limits.check(token, now: now)
        return token
    }
}
