import CVMatchApp
import CVMatchCore
import CVMatchCrypto
import CVMatchRedis
import CVMatchStore
import Foundation

/// The endpoints of both daemons over a real Redis, populated with a small matcher whose vectors
/// are made by hand (4 dimensions), and query vectors already in the embedding cache — so a match
/// runs the real path without an embedding server. The embedding URL points at a closed port:
/// an uncached query meets a real connection failure.
final class SiteFixture {
    let redisServer: RedisServerFixture
    let redis: RedisConnection
    let matchConfig: MatchConfig
    let downloadConfig: DownloadConfig
    let match: MatchRouter
    let download: DownloadHandler
    let tokens: TokenCodec

    static let model = "toy-model"
    static let secret = "k1 0123456789abcdef0123456789abcdef-test-secret"
    /// What nginx would send as `CVMATCH_ADMIN_PROOF`.
    static let adminProof = "f00dfeed0123456789abcdef0123456789abcdef"

    /// A unit vector at `degrees` in a plane plus a shared component, the way small embedding models
    /// compress similarities (`0.8 + 0.2·cos`).
    static func vector(_ degrees: Double) -> [Float] {
        let r = degrees * .pi / 180
        return [Float(cos(r) * 0.2.squareRoot()), Float(sin(r) * 0.2.squareRoot()), 0, Float(0.8.squareRoot())]
    }

    /// Queries whose vectors are cached, by the direction they point in.
    static let cachedQueries: [String: Double] = ["backend developer": 12, "registered nurse": 200]

    init(populate: Bool = true, events: EventSettings = EventSettings()) throws {
        redisServer = try RedisServerFixture()
        let settings = RedisSettings(address: .unix(path: redisServer.socketPath), timeoutMilliseconds: 1000)
        redis = RedisConnection(settings: settings)
        tokens = TokenCodec(keyRing: try TokenKeyRing(parsing: Self.secret, source: "test"), authenticator: HMACSHA256())
        matchConfig = MatchConfig(
            redis: settings,
            embedding: EmbeddingSettings(baseURL: "http://127.0.0.1:1/v1", model: Self.model,
                                         connectTimeoutMilliseconds: 200, timeoutMilliseconds: 500, retries: 0),
            searchMode: .exact, tokens: tokens, tokenLifetime: 600, events: events,
            budget: EmbeddingBudget(callsPerHour: 0, callsPerDay: 0), pricePerMillionTokens: nil,
            adminProof: try AdminProof(parsing: Self.adminProof, source: "test"))
        downloadConfig = try DownloadConfig(redis: settings, tokens: tokens, events: events, pdfLocation: "/_cv/",
                                            adminProof: try AdminProof(parsing: Self.adminProof, source: "test"))
        match = MatchRouter(config: matchConfig)
        download = DownloadHandler(config: downloadConfig)
        if populate { try self.populate() }
    }

    private func populate() throws {
        var examples: [LabelledVector] = []
        for (n, d) in stride(from: 0.0, through: 24, by: 3).enumerated() {
            examples.append(.init(label: "backend", text: n == 0 ? "backend developer" : "backend \(n)", vector: Self.vector(d)))
        }
        for (n, d) in stride(from: 90.0, through: 114, by: 3).enumerated() {
            examples.append(.init(label: "pm", text: "product manager \(n)", vector: Self.vector(d)))
        }
        for (n, d) in stride(from: 140.0, through: 280, by: 10).enumerated() {
            examples.append(.init(label: LabelledVector.noneLabel, text: "other \(n)", vector: Self.vector(d)))
        }
        let parameters = DecisionParameters(
            model: Self.model, k: 10, perLabel: 3,
            positions: [.init(id: "backend", threshold: 0.95, typicalScore: 0.99, exampleCount: 9),
                        .init(id: "pm", threshold: 0.95, typicalScore: 0.99, exampleCount: 9)],
            floor: 0.8, spread: 0.1, ambiguityMargin: 0.01, counterExampleCount: 15)
        let model = MatcherModel(
            version: "v1", model: Self.model, prefix: "", dimension: 4,
            positions: [PositionInfo(id: "backend", title: "Backend Developer", pdf: "backend.pdf", filename: "Backend-CV.pdf"),
                        PositionInfo(id: "pm", title: "Product Manager", pdf: "pm.pdf", filename: "PM-CV.pdf")],
            examples: examples, parameters: parameters, hasVectorIndex: false)
        try MatcherStore(redis: redis).publish(model)
        for (text, degrees) in Self.cachedQueries {
            _ = try redis.send(MatchLookupScript.cacheFill(key: RedisKeys.embedding(model: Self.model, prefix: "", text: text),
                                                           vector: Self.vector(degrees), cacheSeconds: 600))
        }
    }

    /// `POST /api/match` with `{"position": text}` and the given UTM query string.
    func postMatch(_ text: String, query: String = "utm_source=app-test&utm_medium=swift") -> HTTPResponse {
        let body = Array(try! JSONEncoder().encode(["position": text]))
        return match.handle(HTTPRequest(method: .post, path: "/api/match", queryString: query,
                                        contentType: "application/json", body: body))
    }

    /// The JSON object of a response body.
    static func json(_ response: HTTPResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    /// One field of a hash, as an integer (0 when missing).
    func hashCount(_ key: String, _ field: String) throws -> Int {
        try redis.send("HGET", key, field).integer ?? 0
    }

    /// Entries in the event stream.
    func eventCount() throws -> Int {
        try redis.send("XLEN", RedisKeys.events).integer ?? 0
    }

    var today: String { CalendarDay.day(of: Int(Date().timeIntervalSince1970)) }
}
