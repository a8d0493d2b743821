/// HMAC-SHA256 and a constant-time comparison, given to `TokenCodec` (CVMatchCrypto has OpenSSL's).
public protocol MessageAuthenticator: Sendable {
    /// The HMAC-SHA256 tag of `message` under `key`.
    func mac(key: [UInt8], message: [UInt8]) -> [UInt8]
    /// Compares two byte strings in time independent of where they differ.
    func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool
}
