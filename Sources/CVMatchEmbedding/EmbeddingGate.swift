import Synchronization
import CVMatchCore
import CVMatchSystem

/// Process-wide admission for embedding calls, shared by every worker thread of `match-fcgi`:
/// a bounded number in flight, and a circuit breaker.
///
/// - At most `limits.maximumConcurrentCalls` calls run at once; one more is refused at once
///   (`EmbeddingError.busy`), so worker threads stay free for cached matches and visits.
/// - After `limits.failuresToOpen` calls in a row failed for want of the server, the breaker opens:
///   calls are refused at once (`EmbeddingError.circuitOpen`) for `limits.openMilliseconds`; then
///   one call goes through as a probe (the others are still refused) and its outcome closes the
///   breaker or opens it again.
public final class EmbeddingGate: Sendable {
    public let limits: EmbeddingLimits

    private struct State {
        var inFlight = 0
        var consecutiveFailures = 0
        /// Monotonic time until which the breaker refuses; 0 when closed.
        var openUntil: UInt64 = 0
        var probing = false
    }

    private let state = Mutex(State())
    /// What became of the calls, for `/metrics` (lock-free, read at any time).
    public let counts = EmbeddingCallCounts()

    public init(limits: EmbeddingLimits) {
        self.limits = limits
    }

    /// A call admitted by the gate; report its outcome with `finish(serverAnswered:)` exactly once.
    public struct Admission {
        fileprivate let gate: EmbeddingGate
        fileprivate let isProbe: Bool

        /// `serverAnswered`: the server gave a usable answer (or a definite refusal such as 400),
        /// false when it timed out, refused connections or answered 429/5xx to every attempt.
        public func finish(serverAnswered: Bool) {
            gate.finish(serverAnswered: serverAnswered, probe: isProbe)
        }
    }

    /// Admits a call or refuses it at once.
    public func admit() throws(EmbeddingError) -> Admission {
        let now = SystemClock.monotonicNanoseconds()
        let probe: Bool = try state.withLock { (s: inout State) throws(EmbeddingError) -> Bool in
            var probe = false
            if s.openUntil != 0 {
                guard now >= s.openUntil, !s.probing else {
                    counts.refusedBreaker.add(1, ordering: .relaxed)
                    throw .circuitOpen
                }
                probe = true
            }
            guard s.inFlight < limits.maximumConcurrentCalls else {
                counts.refusedBusy.add(1, ordering: .relaxed)
                throw .busy
            }
            s.inFlight += 1
            if probe { s.probing = true }
            return probe
        }
        return Admission(gate: self, isProbe: probe)
    }

    fileprivate func finish(serverAnswered: Bool, probe: Bool) {
        if serverAnswered { counts.answered.add(1, ordering: .relaxed) } else { counts.failed.add(1, ordering: .relaxed) }
        let opened: Bool = state.withLock { s in
            s.inFlight -= 1
            if probe { s.probing = false }
            if serverAnswered {
                s.consecutiveFailures = 0
                s.openUntil = 0
                return false
            }
            s.consecutiveFailures += 1
            guard probe || (s.openUntil == 0 && s.consecutiveFailures >= limits.failuresToOpen) else { return false }
            s.openUntil = SystemClock.monotonicNanoseconds() + UInt64(limits.openMilliseconds) * 1_000_000
            return true
        }
        if opened {
            Log.error("embedding: breaker open for \(limits.openMilliseconds) ms after \(limits.failuresToOpen) failed queries in a row")
        }
    }

    /// Whether the breaker is open now (for tests and logs).
    public var isOpen: Bool {
        state.withLock { $0.openUntil != 0 }
    }

    /// Whether uncached queries are refused right now: the breaker is open and its wait has not
    /// passed, or its probe is in flight (for `/healthz` and `/metrics`).
    public var isRefusing: Bool {
        let now = SystemClock.monotonicNanoseconds()
        return state.withLock { $0.openUntil != 0 && (now < $0.openUntil || $0.probing) }
    }

    /// The embedding server as this process last saw it, for `/healthz`, costing no call: down
    /// while the breaker refuses; unknown before any call ended, and once the breaker's wait has
    /// passed until the next call (its probe) tells; else ok.
    public var health: HealthReport.EmbedderState {
        if isRefusing { return .down }
        let ended = counts.answered.load(ordering: .relaxed) + counts.failed.load(ordering: .relaxed)
        return ended == 0 || isOpen ? .unknown : .ok
    }
}
