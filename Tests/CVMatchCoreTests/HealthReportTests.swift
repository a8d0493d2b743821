import CVMatchCore
import Testing

/// `/healthz`'s verdict from what it saw.
@Suite struct HealthReportTests {
    @Test func healthyOnlyWhenNothingIsDown() {
        #expect(HealthReport(redisReachable: true, matcherVersion: "v9", embedder: .ok).status == .ok)
        #expect(HealthReport(redisReachable: true, matcherVersion: "v9", embedder: .unknown).status == .ok)
        let embedderDown = HealthReport(redisReachable: true, matcherVersion: "v9", embedder: .down)
        #expect(embedderDown.status == .serviceUnavailable && embedderDown.down == ["embedder"])
        let redisDown = HealthReport(redisReachable: false, matcherVersion: nil, embedder: .ok)
        #expect(redisDown.down == ["redis"] && redisDown.matcher == "unknown" && redisDown.redis == "down")
        let empty = HealthReport(redisReachable: true, matcherVersion: nil, embedder: .down)
        #expect(empty.down == ["matcher", "embedder"] && empty.matcher == "none")
    }
}
