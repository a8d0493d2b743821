import COpenSSL
import CVMatchCore

/// HMAC-SHA256 and a constant-time comparison, through OpenSSL.
public struct HMACSHA256: MessageAuthenticator {
    public init() {}

    public func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length = 0
        let done = message.withUnsafeBufferPointer { m in
            guard let context = ThreadMACContexts.current().context(for: key) else { return false }
            return EVP_MAC_update(context, m.baseAddress, m.count) == 1
                && EVP_MAC_final(context, &out, &length, 32) == 1 && length == 32
        }
        // Without a MAC no token can be signed or checked; OpenSSL fails here only when out of memory.
        precondition(done, "HMAC-SHA256 failed in OpenSSL")
        return out
    }

    /// Compares two byte strings in time independent of where they differ.
    public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in CRYPTO_memcmp(x.baseAddress, y.baseAddress, x.count) == 0 }
        }
    }
}
