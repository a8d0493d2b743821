import FoundationEssentials
import CVMatchCore
import CVMatchHTTPClient
import CVMatchSystem

/// A client for OpenAI-compatible `POST {base}/embeddings`, owned by one thread.
///
/// 429, 5xx and transport errors are retried `settings.retries` times with exponential backoff
/// (100 ms, 200 ms, …); each attempt is bounded by the configured timeouts.
public final class EmbeddingClient {
    /// Texts per request when embedding many at once.
    public static let batchSize = 128

    /// Sets up the HTTP library; call once before any thread starts.
    public static func globalInit() {
        CurlSession.globalInit()
    }

    public let settings: EmbeddingSettings
    /// `usage.total_tokens` summed over the last `embed` call's requests; nil when any answer lacked it.
    public private(set) var lastTotalTokens: Int?
    private let session: CurlSession
    private let headers: [String]

    public init(settings: EmbeddingSettings) {
        self.settings = settings
        session = CurlSession(connectTimeoutMilliseconds: settings.connectTimeoutMilliseconds,
                              timeoutMilliseconds: settings.timeoutMilliseconds)
        headers = ["Content-Type: application/json"] + (settings.apiKey.map { ["Authorization: Bearer \($0)"] } ?? [])
    }

    /// One unit vector per text, in order, each embedded with the prefix prepended.
    public func embed(_ texts: [String]) throws -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        lastTotalTokens = 0
        var start = 0
        while start < texts.count {
            let batch = Array(texts[start..<min(start + Self.batchSize, texts.count)])
            vectors += try embedBatch(batch)
            start += batch.count
        }
        return vectors
    }

    private struct Request: Encodable {
        var model: String
        var input: [String]
        var encoding_format = "float"
    }

    private struct Response: Decodable {
        struct Item: Decodable {
            var index: Int
            var embedding: [Float]
        }
        struct Usage: Decodable {
            var total_tokens: Int?
        }
        var data: [Item]
        var usage: Usage?
    }

    private func embedBatch(_ texts: [String]) throws -> [[Float]] {
        let body = Array(try JSONEncoder().encode(Request(model: settings.model, input: texts.map { settings.prefix + $0 })))
        var attempt = 0
        while true {
            var failure: String
            do {
                let response = try session.send(method: "POST", url: settings.baseURL + "/embeddings", headers: headers, body: body)
                if response.status == 200 { return try decode(response, expected: texts.count) }
                guard response.status == 429 || response.status >= 500 else {
                    throw EmbeddingError.rejected(status: response.status, detail: response.snippet)
                }
                failure = "HTTP \(response.status)"
            } catch let error as CurlError {
                failure = error.message
            }
            if attempt >= settings.retries {
                throw EmbeddingError.unavailable("\(failure) after \(attempt + 1) attempts")
            }
            SystemClock.sleep(milliseconds: 100 << attempt)
            attempt += 1
        }
    }

    private func decode(_ response: CurlSession.Response, expected: Int) throws -> [[Float]] {
        guard let parsed = try? JSONDecoder().decode(Response.self, from: Data(response.body)) else {
            throw EmbeddingError.badResponse("not an embeddings JSON object: \(response.snippet)")
        }
        guard parsed.data.count == expected else {
            throw EmbeddingError.badResponse("\(parsed.data.count) vectors for \(expected) inputs")
        }
        lastTotalTokens = parsed.usage?.total_tokens.flatMap { tokens in lastTotalTokens.map { $0 + tokens } }
        let ordered = parsed.data.sorted { $0.index < $1.index }
        let dimension = ordered.first?.embedding.count ?? 0
        guard dimension > 0, ordered.allSatisfy({ $0.embedding.count == dimension }) else {
            throw EmbeddingError.badResponse("empty or uneven vectors")
        }
        return ordered.map { Vector.normalised($0.embedding) }
    }
}
