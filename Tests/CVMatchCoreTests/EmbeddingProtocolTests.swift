import Testing
@testable import CVMatchCore

/// What an OpenAI-compatible server needs from the client: the URL (Azure's query string), the key
/// header, the prefixes per role, when to wait and when a batch was too large.
@Suite struct EmbeddingProtocolTests {
    @Test(arguments: [
        ("https://api.openai.com/v1", "https://api.openai.com/v1/embeddings"),
        ("http://127.0.0.1:8089/v1/", "http://127.0.0.1:8089/v1/embeddings"),
        ("https://x.openai.azure.com/openai/deployments/D?api-version=2024-02-01",
         "https://x.openai.azure.com/openai/deployments/D/embeddings?api-version=2024-02-01"),
        ("https://x.openai.azure.com/openai/deployments/D/?api-version=2024-02-01&a=b#frag",
         "https://x.openai.azure.com/openai/deployments/D/embeddings?api-version=2024-02-01&a=b"),
        ("http://h/v1?", "http://h/v1/embeddings"),
    ])
    func embeddingsGoesAfterThePathBeforeTheQuery(base: String, url: String) {
        #expect(EmbeddingEndpoint.url(base: base) == url)
    }

    @Test func theKeyTravelsAsBearerOrAsAzuresHeader() throws {
        #expect(EmbeddingKeyHeader.authorization.line(key: "k") == "Authorization: Bearer k")
        #expect(EmbeddingKeyHeader.apiKey.line(key: "k") == "api-key: k")
        let azure = try EmbeddingSettings(environment: EnvironmentReader([
            "CVMATCH_EMBED_API_KEY": "k", "CVMATCH_EMBED_API_KEY_HEADER": "api-key", "CVMATCH_EMBED_BATCH": "16",
        ]), readFile: { _ in nil })
        #expect(azure.apiKeyHeader == .apiKey && azure.batchSize == 16)
        #expect(throws: ConfigError("CVMATCH_EMBED_API_KEY_HEADER=bearer: expected authorization, api-key")) {
            try EmbeddingSettings(environment: EnvironmentReader(["CVMATCH_EMBED_API_KEY_HEADER": "bearer"]), readFile: { _ in nil })
        }
        #expect(throws: ConfigError("CVMATCH_EMBED_BATCH=0 is outside 1...2048")) {
            try EmbeddingSettings(environment: EnvironmentReader(["CVMATCH_EMBED_BATCH": "0"]), readFile: { _ in nil })
        }
    }

    @Test func theSinglePrefixIsTheShorthandForBothRoles() throws {
        func settings(_ values: [String: String]) throws -> EmbeddingSettings {
            try EmbeddingSettings(environment: EnvironmentReader(values), readFile: { _ in nil })
        }
        let defaults = try settings([:])
        #expect(defaults.queryPrefix == "" && defaults.documentPrefix == "" && defaults.batchSize == 64)
        let shorthand = try settings(["CVMATCH_EMBED_PREFIX": "query: "])
        #expect(shorthand.prefix(for: .query) == "query: " && shorthand.prefix(for: .document) == "query: ")
        let e5 = try settings(["CVMATCH_EMBED_PREFIX": "x", "CVMATCH_EMBED_QUERY_PREFIX": "query: ",
                               "CVMATCH_EMBED_DOCUMENT_PREFIX": "passage: "])
        #expect(e5.prefix(for: .query) == "query: " && e5.prefix(for: .document) == "passage: ")
        let onlyQuery = try settings(["CVMATCH_EMBED_PREFIX": "p: ", "CVMATCH_EMBED_QUERY_PREFIX": "q: "])
        #expect(onlyQuery.queryPrefix == "q: " && onlyQuery.documentPrefix == "p: ")
    }

    @Test func retryAfterInMillisecondsSecondsOrAnHTTPDate() {
        func wait(_ headers: [String: String], now: Int = 784_111_777) -> Int? {
            RetryAfter.milliseconds(header: { name in headers.first { $0.key.lowercased() == name.lowercased() }?.value }, now: now)
        }
        #expect(wait(["Retry-After": "2"]) == 2000)
        #expect(wait(["retry-after-ms": "150.5", "Retry-After": "1"]) == 151)
        #expect(wait(["Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"], now: 784_111_777 - 3) == 3000)
        #expect(wait(["Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"], now: 784_111_777 + 60) == 0)
        #expect(wait(["Retry-After": "-5"]) == 0)
        #expect(wait(["Retry-After": "soon"]) == nil)
        #expect(wait([:]) == nil)
    }

    @Test func aBatchLimitIsA413OrA422Or400NamingOne() {
        #expect(BatchLimitAnswer.isBatchLimit(
            status: 422, body: #"{"error":"batch size 128 > maximum allowed batch size 32","error_type":"Validation"}"#))
        #expect(BatchLimitAnswer.isBatchLimit(status: 413, body: "<html>Request Entity Too Large</html>"))
        #expect(BatchLimitAnswer.isBatchLimit(
            status: 400, body: #"{"error":{"code":"OperationNotSupported","message":"Too many inputs. The max number of inputs is 16."}}"#))
        #expect(!BatchLimitAnswer.isBatchLimit(
            status: 422, body: #"{"error":"Input validation error: `inputs` must have less than 512 tokens","error_type":"Validation"}"#))
        #expect(!BatchLimitAnswer.isBatchLimit(status: 401, body: "batch size"))
        #expect(BatchLimitAnswer.nextBatchSize(after: 51, body: #"{"error":"batch size 51 > maximum allowed batch size 32"}"#) == 32)
        #expect(BatchLimitAnswer.nextBatchSize(after: 20, body: "Too many inputs. The max number of inputs is 16.") == 16)
        #expect(BatchLimitAnswer.nextBatchSize(after: 64, body: "<html>413 Request Entity Too Large</html>") == 32)
        #expect(BatchLimitAnswer.nextBatchSize(after: 1, body: "") == 1)
    }
}

/// The provider's own sentence from its error body, whichever shape it uses.
@Suite struct ProviderErrorBodyTests {
    @Test(arguments: [
        (#"{"error":{"message":"Incorrect API key provided: sk-****1234.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#,
         "Incorrect API key provided: sk-****1234. [invalid_api_key]"),
        (#"{"error":{"message":"'$.input' is invalid.","type":"invalid_request_error","param":null,"code":null}}"#,
         "'$.input' is invalid. [invalid_request_error]"),
        (#"{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint."}}"#,
         "Access denied due to invalid subscription key or wrong API endpoint. [401]"),
        (#"{"error":"batch size 64 > maximum allowed batch size 32","error_type":"Validation"}"#,
         "batch size 64 > maximum allowed batch size 32 [Validation]"),
        (#"{"error":{"message":"model \"x\" not found, try pulling it first","type":"not_found_error","param":null,"code":null}}"#,
         "model \"x\" not found, try pulling it first [not_found_error]"),
    ])
    func readsEachProvidersShape(body: String, message: String) {
        #expect(ProviderErrorBody.message(Array(body.utf8)) == message)
    }

    @Test func anythingElseIsNil() {
        #expect(ProviderErrorBody.message(Array("404 page not found".utf8)) == nil)
        #expect(ProviderErrorBody.message(Array(#"{"detail":"x"}"#.utf8)) == nil)
    }
}
