import Testing
@testable import CVMatchCore

@Suite struct ConfigTests {
    @Test func readsDefaultsAndChecksRanges() throws {
        #expect(try EnvironmentReader(["CVMATCH_THREADS": "8"]).int(ConfigCatalog.threads) == 8)
        #expect(try EnvironmentReader([:]).int(ConfigCatalog.threads) == 4)
        #expect(try EnvironmentReader(["CVMATCH_THREADS": ""]).int(ConfigCatalog.threads) == 4)
        #expect(throws: ConfigError("CVMATCH_THREADS=x is not an integer")) {
            try EnvironmentReader(["CVMATCH_THREADS": "x"]).int(ConfigCatalog.threads)
        }
        #expect(throws: ConfigError("CVMATCH_THREADS=99999 is outside 1...256")) {
            try EnvironmentReader(["CVMATCH_THREADS": "99999"]).int(ConfigCatalog.threads)
        }
        #expect(throws: ConfigError("CVMATCH_SEARCH=fast: expected auto, redisearch, exact")) {
            try EnvironmentReader(["CVMATCH_SEARCH": "fast"]).choice(ConfigCatalog.search)
        }
    }

    @Test func parsesRedisAddresses() throws {
        #expect(try RedisAddress(parsing: "unix:/run/redis.sock") == .unix(path: "/run/redis.sock"))
        #expect(try RedisAddress(parsing: "127.0.0.1:6380") == .tcp(host: "127.0.0.1", port: 6380))
        for bad in ["unix:relative.sock", "localhost", ":6379", "host:0", "host:http"] {
            #expect(throws: ConfigError.self) { try RedisAddress(parsing: bad) }
        }
    }

    @Test func embeddingSettingsDefaultToTheLocalServer() throws {
        let settings = try EmbeddingSettings(environment: EnvironmentReader([:]), readFile: { _ in nil })
        #expect(settings.baseURL == "http://127.0.0.1:8089/v1")
        #expect(settings.apiKey == nil && settings.retries == 2)
        let openAI = try EmbeddingSettings(environment: EnvironmentReader([
            "CVMATCH_EMBED_URL": "https://api.openai.com/v1/", "CVMATCH_EMBED_MODEL": "text-embedding-3-small",
            "CVMATCH_EMBED_API_KEY": "sk-test",
        ]), readFile: { _ in nil })
        #expect(openAI.endpoint == "https://api.openai.com/v1/embeddings" && openAI.apiKey == "sk-test")
        #expect(throws: ConfigError.self) { try EmbeddingSettings(environment: EnvironmentReader(["CVMATCH_EMBED_URL": "ftp://x"]), readFile: { _ in nil }) }
        let fromFile = try EmbeddingSettings(environment: EnvironmentReader(["CVMATCH_EMBED_API_KEY_FILE": "/k"]),
                                             readFile: { $0 == "/k" ? Array("sk-file\n".utf8) : nil })
        #expect(fromFile.apiKey == "sk-file")
        #expect(throws: ConfigError("CVMATCH_EMBED_API_KEY_FILE=/missing cannot be read")) {
            try EmbeddingSettings(environment: EnvironmentReader(["CVMATCH_EMBED_API_KEY_FILE": "/missing"]), readFile: { _ in nil })
        }
        #expect(throws: ConfigError.self) { try SearchMode(environment: EnvironmentReader(["CVMATCH_SEARCH": "fast"])) }
    }
}
