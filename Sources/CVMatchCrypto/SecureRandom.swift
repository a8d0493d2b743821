import COpenSSL
import CVMatchCore

/// Cryptographically secure random bytes from OpenSSL.
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&out, Int32(count)) == 1 else { fatalError("RAND_bytes failed: no entropy") }
        return out
    }

    /// 16 random bytes as base64url: a token or request id.
    public static func identifier() -> String {
        Base64URL.encode(bytes(16))
    }
}
