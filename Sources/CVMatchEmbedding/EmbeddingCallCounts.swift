import Synchronization

/// Counts of what became of embedding calls through one `EmbeddingGate`: answered by the server,
/// failed for want of it, refused at once because the calls in flight were at their limit or the
/// breaker was open. Relaxed atomics: cheap on the hot path, read by `/metrics`.
public final class EmbeddingCallCounts: Sendable {
    public let answered = Atomic<UInt64>(0)
    public let failed = Atomic<UInt64>(0)
    public let refusedBusy = Atomic<UInt64>(0)
    public let refusedBreaker = Atomic<UInt64>(0)

    public init() {}
}
