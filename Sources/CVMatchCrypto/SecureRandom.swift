#if canImport(Glibc)
import Glibc
#endif
import CVMatchCore

/// Cryptographically secure random bytes from the kernel's generator: glibc's `arc4random_buf`,
/// one `getrandom(2)` call here (glibc 2.36), the source OpenSSL seeds from too. OpenSSL's
/// `RAND_bytes` cost 36,000 instructions for a request's 32 bytes (its CTR-DRBG re-keys AES on
/// every call; callgrind, `scripts/callgrind.py`).
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { arc4random_buf(base, count) }
        }
        return out
    }

    /// 16 random bytes as base64url: a token or request id.
    public static func identifier() -> String {
        Base64URL.encode(bytes(16))
    }
}
