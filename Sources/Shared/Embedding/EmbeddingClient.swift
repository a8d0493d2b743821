import CCurl
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// A client for OpenAI-compatible `POST {base}/embeddings`, owned by one thread.
///
/// It keeps one curl easy handle, so its TCP (or TLS) connection is reused across calls.
/// Call `EmbeddingClient.globalInit()` once before any thread starts.
public final class EmbeddingClient {
    /// Texts per request when embedding many at once.
    public static let batchSize = 128
    /// Responses larger than this are refused.
    static let maximumResponseBytes = 64 << 20

    public let settings: EmbeddingSettings
    private let handle: UnsafeMutableRawPointer
    private var headers: UnsafeMutablePointer<curl_slist>?
    private let response = ResponseBuffer()

    public static func globalInit() {
        curl_global_init(Int(CURL_GLOBAL_ALL))
    }

    public init(settings: EmbeddingSettings) {
        self.settings = settings
        handle = curl_easy_init()
        headers = curl_slist_append(nil, "Content-Type: application/json")
        if let key = settings.apiKey { headers = curl_slist_append(headers, "Authorization: Bearer \(key)") }
        cvm_curl_setopt_ptr(handle, CURLOPT_URL, settings.baseURL + "/embeddings")
        cvm_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        cvm_curl_setopt_long(handle, CURLOPT_POST, 1)
        cvm_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, settings.connectTimeoutMilliseconds)
        cvm_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, settings.timeoutMilliseconds)
        cvm_curl_setopt_long(handle, CURLOPT_TCP_NODELAY, 1)
        cvm_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        cvm_curl_setopt_ptr(handle, CURLOPT_HTTPHEADER, headers)
        cvm_curl_setopt_write(handle, collectBody)
        cvm_curl_setopt_ptr(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(response).toOpaque())
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headers)
    }

    /// One vector per text, in order, each with the prefix prepended.
    public func embed(_ texts: [String]) throws -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
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
        var data: [Item]
    }

    private func embedBatch(_ texts: [String]) throws -> [[Float]] {
        let body = try JSONEncoder().encode(Request(model: settings.model, input: texts.map { settings.prefix + $0 }))
        body.withUnsafeBytes { raw in
            cvm_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, raw.count)
            cvm_curl_setopt_ptr(handle, CURLOPT_COPYPOSTFIELDS, raw.baseAddress)
        }
        var attempt = 0
        while true {
            let (status, failure) = perform()
            if failure == nil && status == 200 { return try decode(texts.count) }
            let retryable = failure != nil || status == 429 || status >= 500
            if !retryable {
                throw EmbeddingError.rejected(status: status, detail: response.snippet)
            }
            if attempt >= settings.retries {
                throw EmbeddingError.unavailable(failure ?? "HTTP \(status) after \(attempt + 1) attempts")
            }
            usleep(UInt32(100_000 << attempt))
            attempt += 1
        }
    }

    private func perform() -> (status: Int, failure: String?) {
        response.reset()
        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else {
            return (0, String(cString: curl_easy_strerror(code)))
        }
        if response.overflowed { return (0, "response larger than \(Self.maximumResponseBytes) bytes") }
        var status = 0
        cvm_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return (status, nil)
    }

    private func decode(_ expected: Int) throws -> [[Float]] {
        guard let parsed = try? JSONDecoder().decode(Response.self, from: Data(response.bytes)) else {
            throw EmbeddingError.badResponse("not an embeddings JSON object: \(response.snippet)")
        }
        guard parsed.data.count == expected else {
            throw EmbeddingError.badResponse("\(parsed.data.count) vectors for \(expected) inputs")
        }
        let ordered = parsed.data.sorted { $0.index < $1.index }
        let dimension = ordered.first?.embedding.count ?? 0
        guard dimension > 0, ordered.allSatisfy({ $0.embedding.count == dimension }) else {
            throw EmbeddingError.badResponse("empty or uneven vectors")
        }
        return ordered.map { Vector.normalised($0.embedding) }
    }
}

/// Collects a response body for the curl write callback.
final class ResponseBuffer {
    var bytes: [UInt8] = []
    var overflowed = false

    func reset() {
        bytes.removeAll(keepingCapacity: true)
        overflowed = false
    }

    /// The start of the body, for error messages.
    var snippet: String {
        String(decoding: bytes.prefix(200), as: UTF8.self)
    }
}

private func collectBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                         _ context: UnsafeMutableRawPointer?) -> Int {
    let buffer = Unmanaged<ResponseBuffer>.fromOpaque(context!).takeUnretainedValue()
    let length = size * count
    guard buffer.bytes.count + length <= EmbeddingClient.maximumResponseBytes else {
        buffer.overflowed = true
        return 0
    }
    if let data, length > 0 {
        data.withMemoryRebound(to: UInt8.self, capacity: length) {
            buffer.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
        }
    }
    return length
}
