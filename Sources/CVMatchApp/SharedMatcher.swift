import Synchronization
import CVMatchCore

/// The matcher of a process, shared by all its worker threads: one immutable `LoadedMatcher`,
/// replaced as a whole when a populate changes the version. Readers take the current one under a
/// short lock (a pointer copy); a reload is done by one thread while the others keep deciding with
/// the matcher they hold, and threads that saw the same new version wait for that one load instead
/// of loading it again.
public final class SharedMatcher: Sendable {
    private let current = Mutex<LoadedMatcher?>(nil)
    /// Held while one thread loads, so a version change costs one load per process.
    private let loading = Mutex<Void>(())

    public init() {}

    /// The matcher the process decides with now; nil before the first load.
    public var matcher: LoadedMatcher? { current.withLock { $0 } }

    /// The current matcher when its version is `seenVersion` (another thread already loaded what
    /// this one saw in Redis), or when `seenVersion` is nil (this thread had none yet, and another
    /// loaded one while it waited: the worker threads' first requests then load it once, not once
    /// each, which held two matchers and a decoding at once, issue 12); else the result of `load`,
    /// which then becomes current. A failed load (nothing populated, another model) clears it and
    /// rethrows.
    public func reload(seenVersion: String?, load: () throws -> LoadedMatcher) throws -> LoadedMatcher {
        try loading.withLock { _ in
            if let now = matcher, seenVersion == nil || now.version == seenVersion { return now }
            do {
                let fresh = try load()
                current.withLock { $0 = fresh }
                return fresh
            } catch {
                current.withLock { $0 = nil }
                throw error
            }
        }
    }
}
