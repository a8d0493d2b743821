import CVMatchApp
import CVMatchCore
import CVMatchRedis
import CVMatchStore
import CVMatchSystem
import Testing

/// Decide once per distinct query (issue 12): the second time a query comes it is answered from
/// its cached decision by one script call that records the attempt exactly like a full match.
@Suite struct DecisionCacheTests {
    /// The stream entry of the newest attempt, without its request id.
    static func lastAttempt(_ site: SiteFixture) throws -> [String: String] {
        let reply = try site.redis.send("XREVRANGE", RedisKeys.events, "+", "-", "COUNT", "1")
        let fields = try #require(reply.array?.first?.array?[1].array).compactMap(\.text)
        var entry: [String: String] = [:]
        for i in stride(from: 0, to: fields.count - 1, by: 2) where fields[i] != "request" { entry[fields[i]] = fields[i + 1] }
        return entry
    }

    @Test func aRepeatedQueryIsAnsweredFromItsDecisionAndRecordedTheSameWay() throws {
        let site = try SiteFixture()
        let first = SiteFixture.json(site.postMatch("Backend  Developer"))
        let firstEntry = try Self.lastAttempt(site)
        let key = RedisKeys.decision(version: "v1", keyText: "backend developer")
        let stored = try #require(try site.redis.send("GET", key).text)
        #expect(DecisionRecord(decoding: stored)?.decision.positionID == "backend")

        // The embedding cache is gone: only the stored decision can answer now.
        _ = try site.redis.send("DEL", RedisKeys.embedding(model: SiteFixture.model, prefix: "", text: "backend developer"))
        let second = SiteFixture.json(site.postMatch("backend developer"))
        #expect(second["matched"] as? Bool == true)
        #expect(second["score"] as? Int == first["score"] as? Int)
        #expect(second["token"] as? String != first["token"] as? String)
        #expect(try Self.lastAttempt(site) == firstEntry)
        // The cached match keeps its query under its token's id, as a full match does.
        let claims = try site.tokens.verify(try #require(second["token"] as? String), now: SystemClock.now())
        #expect(try site.redis.send("GET", RedisKeys.tokenQuery(claims.jti)).text == "backend developer")

        let daily = RedisKeys.daily(site.today)
        #expect(try site.hashCount(daily, "attempt|app-test|swift||backend") == 2)
        #expect(try site.hashCount(daily, "match|app-test|swift||backend") == 2)
        #expect(try site.hashCount(daily, EmbeddingSpend.cachedField) == 2)
        #expect(try site.redis.send("ZSCORE", RedisKeys.queries(site.today), "backend developer").text == "2")
        #expect(try site.eventCount() == 2)
    }

    @Test func aRefusalIsCachedWithItsOutcomeAndNearestPosition() throws {
        let site = try SiteFixture()
        _ = site.postMatch("registered nurse")
        let full = try Self.lastAttempt(site)
        _ = try site.redis.send("DEL", RedisKeys.embedding(model: SiteFixture.model, prefix: "", text: "registered nurse"))
        let json = SiteFixture.json(site.postMatch("Registered Nurse"))
        #expect(json["matched"] as? Bool == false)
        #expect((json["detail"] as? String)?.contains("Backend Developer, Product Manager") == true)
        #expect(try Self.lastAttempt(site) == full)
        let outcome = try site.redis.send("HGET", RedisKeys.queryOutcomes(site.today), "registered nurse").text
        #expect(QueryOutcomeRecord(decoding: try #require(outcome)).outcome == .counterExample)
    }

    @Test func aRefusalOnWordsAloneIsNotStored() throws {
        let site = try SiteFixture()
        // Refused on its words (the embedder of the fixture is down: a vector path would be 503).
        let response = site.postMatch("<DIV>Role</DIV>")
        #expect(response.status == .ok && SiteFixture.json(response)["matched"] as? Bool == false)
        #expect(try site.eventCount() == 1)
        #expect(try site.redis.keys(matching: "cvm:dec:*").isEmpty)
    }

    @Test func aNewPopulateRetiresTheOldDecisions() throws {
        let site = try SiteFixture()
        _ = site.postMatch("backend developer")
        #expect(try site.redis.keys(matching: "cvm:dec:v1:*").count == 1)
        var model = try #require(try MatcherStore(redis: site.redis).load())
        model.version = "v2"
        model.positions[0].title = "Backend Engineer"
        try MatcherStore(redis: site.redis).publish(model)
        #expect(try site.redis.keys(matching: "cvm:dec:v1:*").isEmpty)

        // The process notices the new version on its next query and decides (and stores) anew.
        let json = SiteFixture.json(site.postMatch("backend developer"))
        #expect((json["position"] as? [String: Any])?["title"] as? String == "Backend Engineer")
        #expect(try site.redis.keys(matching: "cvm:dec:v2:*").count == 1)
        let again = SiteFixture.json(site.postMatch("backend developer"))
        #expect((again["position"] as? [String: Any])?["title"] as? String == "Backend Engineer")
    }

    @Test func decisionRecordsRoundTripAndKeyTextsFollowTheLines() {
        for decision in [MatchDecision(positionID: "backend", bestPositionID: "backend", score: 87, reason: .matched),
                         MatchDecision(positionID: nil, bestPositionID: "pm", score: 31, reason: .ambiguous),
                         MatchDecision(positionID: nil, bestPositionID: nil, score: 0, reason: .tooFar)] {
            #expect(DecisionRecord(decoding: DecisionRecord(decision).encoded)?.decision == decision)
        }
        #expect(DecisionRecord(decoding: "backend\n87\nmatched") == nil)
        #expect(DecisionRecord.keyText(of: "  Senior\tBACKEND  Developer ") == "senior backend developer")
        #expect(DecisionRecord.keyText(of: "Senior Developer\n\n  Acme \r\nwe are hiring")
                == "senior developer\nacme\nwe are hiring")
        for text in ["  Senior\tBACKEND  Developer ", "a\nb", "x\u{2028}y", "Produktmanager\u{00A0}(m/w/d)", " ", "\r\n"] {
            #expect(DecisionRecord.keyText(of: text, normalised: QueryNormaliser.normalise(text)) == DecisionRecord.keyText(of: text))
        }
    }
}
