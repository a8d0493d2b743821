import COpenSSL
import Glibc

/// Each thread's HMAC-SHA256 contexts, one per key, keyed once and re-initialised with a NULL key
/// for every message (OpenSSL 3 keeps the key): ~5× cheaper than the one-shot `HMAC()`, which
/// fetches the algorithm and derives the key pads on every call (FIELD-NOTES). Freed when the thread ends.
final class ThreadMACContexts {
    /// The most contexts a thread keeps (the key ring has a few keys); the oldest goes first.
    private static let capacity = 8
    nonisolated(unsafe) private static let algorithm: OpaquePointer? = EVP_MAC_fetch(nil, "HMAC", nil)
    private static let storage: pthread_key_t = {
        var key = pthread_key_t()
        let created = pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<ThreadMACContexts>.fromOpaque(pointer).release() }
        }
        precondition(created == 0, "pthread_key_create failed")
        return key
    }()

    private var contexts: [(key: [UInt8], context: OpaquePointer)] = []

    deinit {
        for entry in contexts { EVP_MAC_CTX_free(entry.context) }
    }

    /// The calling thread's contexts.
    static func current() -> ThreadMACContexts {
        if let pointer = pthread_getspecific(storage) {
            return Unmanaged<ThreadMACContexts>.fromOpaque(pointer).takeUnretainedValue()
        }
        let made = ThreadMACContexts()
        pthread_setspecific(storage, Unmanaged.passRetained(made).toOpaque())
        return made
    }

    /// A context keyed with `key`, ready for `EVP_MAC_update`; nil if OpenSSL refused.
    func context(for key: [UInt8]) -> OpaquePointer? {
        if let entry = contexts.first(where: { $0.key == key }) {
            return EVP_MAC_init(entry.context, nil, 0, nil) == 1 ? entry.context : nil
        }
        guard let context = EVP_MAC_CTX_new(Self.algorithm) else { return nil }
        let keyed = key.withUnsafeBufferPointer { k in
            "digest".withCString { name in
                "SHA256".withCString { digest in
                    var params = [OSSL_PARAM_construct_utf8_string(name, UnsafeMutablePointer(mutating: digest), 0),
                                  OSSL_PARAM_construct_end()]
                    return EVP_MAC_init(context, k.baseAddress, k.count, &params) == 1
                }
            }
        }
        guard keyed else {
            EVP_MAC_CTX_free(context)
            return nil
        }
        if contexts.count == Self.capacity { EVP_MAC_CTX_free(contexts.removeFirst().context) }
        contexts.append((key, context))
        return context
    }
}
