import CVMatchCore
import CVMatchEmbedding
import CVMatchSystem
import Testing

/// The process-wide admission of embedding calls: bounded concurrency and the circuit breaker.
@Suite struct EmbeddingGateTests {
    let gate = EmbeddingGate(limits: EmbeddingLimits(maximumConcurrentCalls: 2, deadlineMilliseconds: 100,
                                                     failuresToOpen: 2, openMilliseconds: 150))

    @Test func refusesACallBeyondTheConcurrencyLimitAtOnce() throws {
        let first = try gate.admit()
        let second = try gate.admit()
        #expect(throws: EmbeddingError.busy) { try gate.admit() }
        first.finish(serverAnswered: true)
        let third = try gate.admit()
        second.finish(serverAnswered: true)
        third.finish(serverAnswered: true)
    }

    @Test func opensAfterFailuresInARowThenProbesOnceAndCloses() throws {
        try gate.admit().finish(serverAnswered: false)
        #expect(!gate.isOpen)
        try gate.admit().finish(serverAnswered: false)
        #expect(gate.isOpen)
        #expect(throws: EmbeddingError.circuitOpen) { try gate.admit() }
        SystemClock.sleep(milliseconds: 200)
        let probe = try gate.admit()
        #expect(throws: EmbeddingError.circuitOpen) { try gate.admit() }   // one probe at a time
        probe.finish(serverAnswered: true)
        #expect(!gate.isOpen)
        try gate.admit().finish(serverAnswered: true)
    }

    @Test func aFailedProbeOpensTheBreakerAgain() throws {
        try gate.admit().finish(serverAnswered: false)
        try gate.admit().finish(serverAnswered: false)
        SystemClock.sleep(milliseconds: 200)
        try gate.admit().finish(serverAnswered: false)
        #expect(throws: EmbeddingError.circuitOpen) { try gate.admit() }
    }

    @Test func aSuccessBetweenFailuresKeepsItClosed() throws {
        try gate.admit().finish(serverAnswered: false)
        try gate.admit().finish(serverAnswered: true)
        try gate.admit().finish(serverAnswered: false)
        #expect(!gate.isOpen)
    }

    @Test func healthAndCountsFollowTheBreakerWithoutACall() throws {
        #expect(gate.health == .unknown)
        try gate.admit().finish(serverAnswered: false)
        #expect(gate.health == .ok)                       // one failure: the breaker is still closed
        try gate.admit().finish(serverAnswered: false)
        #expect(gate.health == .down && gate.isRefusing)
        #expect(throws: EmbeddingError.circuitOpen) { try gate.admit() }
        SystemClock.sleep(milliseconds: 200)
        #expect(gate.health == .unknown && !gate.isRefusing)  // the wait passed: the next call tells
        let probe = try gate.admit()
        #expect(gate.health == .down)                     // others are refused while the probe runs
        probe.finish(serverAnswered: true)
        #expect(gate.health == .ok)
        let counts = gate.counts
        #expect(counts.failed.load(ordering: .relaxed) == 2 && counts.answered.load(ordering: .relaxed) == 1)
        #expect(counts.refusedBreaker.load(ordering: .relaxed) == 1 && counts.refusedBusy.load(ordering: .relaxed) == 0)
    }
}
