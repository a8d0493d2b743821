import CVMatchApp
import CVMatchCore
import Foundation
import Testing

/// `/healthz` and the two processes' metrics pages, driven in process against a real Redis.
@Suite struct ObservabilityEndpointTests {
    /// A GET as nginx's metrics location sends it: with the admin proof (`proof`), from `address`.
    private func get(_ router: some RequestHandler, _ path: String, proof: String? = SiteFixture.adminProof,
                     address: String = "127.0.0.1") -> HTTPResponse {
        router.handle(HTTPRequest(method: .get, path: path, adminProof: proof, remoteAddress: address))
    }

    private func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    /// The value of one sample line `series value` of an exposition.
    private func value(_ exposition: String, _ series: String) -> Double? {
        exposition.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last!) }
    }

    @Test func healthNamesTheMatcherVersionAndLeavesNoEventAndNoLogLine() throws {
        let site = try SiteFixture()
        let response = site.match.handle(HTTPRequest(method: .get, path: "/healthz"))
        #expect(response.status == .ok)
        #expect(text(response) == #"{"embedder":"unknown","matcher":"v1","redis":"ok"}"#)
        #expect(!response.logged)
        #expect(try site.eventCount() == 0)
    }

    @Test func healthIs503NamingTheMatcherWhenNothingIsPopulated() throws {
        let site = try SiteFixture(populate: false)
        let response = site.match.handle(HTTPRequest(method: .get, path: "/healthz"))
        #expect(response.status == .serviceUnavailable)
        #expect(text(response) == #"{"down":["matcher"],"embedder":"unknown","matcher":"none","redis":"ok"}"#)
    }

    @Test func healthReportsTheEmbedderDownOnceTheBreakerOpens() throws {
        let site = try SiteFixture()
        // The fixture's embedding URL is a closed port: two uncached queries fail and open the breaker.
        _ = site.postMatch("site reliability engineer")
        _ = site.postMatch("data scientist")
        let response = site.match.handle(HTTPRequest(method: .get, path: "/healthz"))
        #expect(response.status == .serviceUnavailable)
        #expect(SiteFixture.json(response)["embedder"] as? String == "down")
        #expect(SiteFixture.json(response)["down"] as? [String] == ["embedder"])
        let metrics = text(get(site.match, "/metrics"))
        #expect(value(metrics, #"cvmatch_embedding_calls_total{outcome="failed"}"#) == 2)
        #expect(value(metrics, "cvmatch_embedding_breaker_open") == 1)
    }

    @Test func metricsAreRefusedWithoutNginxsProofOrFromAnotherAddress() throws {
        let site = try SiteFixture()
        #expect(get(site.match, "/metrics", proof: nil).status == .forbidden)
        #expect(get(site.match, "/metrics", proof: String(SiteFixture.adminProof.dropLast())).status == .forbidden)
        #expect(get(site.match, "/metrics", address: "192.0.2.7").status == .forbidden)
        let allowed = get(site.match, "/metrics", address: "::1")
        #expect(allowed.status == .ok)
        #expect(allowed.headers.contains { $0 == ("Content-Type", MetricsExposition.contentType) })
        #expect(!allowed.logged)
    }

    @Test func matchCountersMoveWithACachedMatch() throws {
        let site = try SiteFixture()
        #expect(site.postMatch("backend developer").status == .ok)
        let metrics = text(get(site.match, "/metrics"))
        #expect(value(metrics, #"cvmatch_http_requests_total{route="/api/match",status="200"}"#) == 1)
        #expect(value(metrics, #"cvmatch_http_request_duration_seconds_count{route="/api/match"}"#) == 1)
        #expect(value(metrics, #"cvmatch_http_request_duration_seconds_bucket{route="/api/match",le="+Inf"}"#) == 1)
        #expect(value(metrics, "cvmatch_tokens_issued_total") == 1)
        #expect(value(metrics, #"cvmatch_embedding_cache_total{result="hit"}"#) == 1)
        #expect(value(metrics, #"cvmatch_embedding_cache_total{result="miss"}"#) == 0)
        #expect((value(metrics, "process_resident_memory_bytes") ?? 0) > 1_000_000)
        for family in ["cvmatch_redis_errors_total", "cvmatch_embedding_calls_total", "cvmatch_embedding_breaker_open"] {
            #expect(metrics.contains("# TYPE \(family) "))
        }
    }

    @Test func downloadCountersMoveWithASpendAndARefusal() throws {
        let site = try SiteFixture()
        let router = DownloadRouter(config: site.downloadConfig)
        let token = try #require(SiteFixture.json(site.postMatch("backend developer"))["token"] as? String)
        let download = HTTPRequest(method: .get, path: "/api/download", queryString: "token=\(token)")
        #expect(router.handle(download).status == .ok)
        #expect(router.handle(download).status == .gone)
        #expect(router.handle(HTTPRequest(method: .get, path: "/api/download", queryString: "token=forged")).status == .forbidden)
        let metrics = text(get(router, "/metrics/download"))
        #expect(value(metrics, "cvmatch_tokens_spent_total") == 1)
        #expect(value(metrics, #"cvmatch_tokens_refused_total{reason="used"}"#) == 1)
        #expect(value(metrics, #"cvmatch_tokens_refused_total{reason="invalid"}"#) == 1)
        #expect(value(metrics, #"cvmatch_http_requests_total{route="/api/download",status="410"}"#) == 1)
        #expect(get(router, "/metrics/download", proof: nil).status == .forbidden)
        #expect(get(router, "/metrics/download", proof: "0" + SiteFixture.adminProof.dropFirst()).status == .forbidden)
    }
}
