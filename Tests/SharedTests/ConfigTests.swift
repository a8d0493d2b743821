import Testing
@testable import Shared

@Suite struct ConfigTests {
    @Test func readsDefaultsAndChecksRanges() throws {
        let env = EnvironmentReader(["CVMATCH_THREADS": "8", "CVMATCH_BAD": "x", "CVMATCH_BIG": "99999"])
        #expect(try env.int("CVMATCH_THREADS", default: 4, range: 1...256) == 8)
        #expect(try env.int("CVMATCH_UNSET", default: 4, range: 1...256) == 4)
        #expect(throws: ConfigError.self) { try env.int("CVMATCH_BAD", default: 4, range: 1...256) }
        #expect(throws: ConfigError.self) { try env.int("CVMATCH_BIG", default: 4, range: 1...256) }
    }

    @Test func parsesRedisAddresses() throws {
        #expect(try RedisAddress(parsing: "unix:/run/redis.sock") == .unix(path: "/run/redis.sock"))
        #expect(try RedisAddress(parsing: "127.0.0.1:6380") == .tcp(host: "127.0.0.1", port: 6380))
        for bad in ["unix:relative.sock", "localhost", ":6379", "host:0", "host:http"] {
            #expect(throws: ConfigError.self) { try RedisAddress(parsing: bad) }
        }
    }

    @Test func embeddingSettingsDefaultToTheLocalServer() throws {
        let settings = try EmbeddingSettings(environment: EnvironmentReader([:]))
        #expect(settings.baseURL == "http://127.0.0.1:8089/v1")
        #expect(settings.apiKey == nil && settings.retries == 2)
        let openAI = try EmbeddingSettings(environment: EnvironmentReader([
            "CVMATCH_EMBED_URL": "https://api.openai.com/v1/", "CVMATCH_EMBED_MODEL": "text-embedding-3-small",
            "CVMATCH_EMBED_API_KEY": "sk-test",
        ]))
        #expect(openAI.baseURL == "https://api.openai.com/v1" && openAI.apiKey == "sk-test")
        #expect(throws: ConfigError.self) { try EmbeddingSettings(environment: EnvironmentReader(["CVMATCH_EMBED_URL": "ftp://x"])) }
        #expect(throws: ConfigError.self) { try SearchMode(environment: EnvironmentReader(["CVMATCH_SEARCH": "fast"])) }
    }
}

@Suite struct PositionsFileTests {
    func parse(_ json: String, files: [String: String] = [:]) throws -> PositionsFile {
        try PositionsFile(data: Array(json.utf8), path: "/cfg/positions.json") { files[$0].map { Array($0.utf8) } }
    }

    @Test func collectsLabelledTextsWithoutDuplicates() throws {
        let file = try parse("""
        {"positions": [{"id": "backend", "title": "Backend Developer", "pdf": "b.pdf", "filename": "B.pdf",
                        "examples": ["Server-side engineer", "backend  developer"]}],
         "counter_examples": ["Nurse"], "counter_example_files": ["more.txt"]}
        """, files: ["/cfg/more.txt": "# other jobs\nChef\n\nnurse\n"])
        #expect(file.labelledTexts.map(\.label) == ["backend", "backend", "none", "none"])
        #expect(file.labelledTexts.map(\.text) == ["backend developer", "server-side engineer", "nurse", "chef"])
    }

    @Test(arguments: [
        (#"{"positions": []}"#, "no positions"),
        (#"{"positions": [{"id": "Back End", "title": "t", "pdf": "a.pdf", "filename": "a.pdf"}]}"#, "position id"),
        (#"{"positions": [{"id": "none", "title": "t", "pdf": "a.pdf", "filename": "a.pdf"}]}"#, "reserved"),
        (#"{"positions": [{"id": "a", "title": "t", "pdf": "../a.pdf", "filename": "a.pdf"}]}"#, "pdf"),
        (#"{"positions": [{"id": "a", "title": " ", "pdf": "a.pdf", "filename": "a.pdf"}]}"#, "title"),
        (#"{"positions": [{"id": "a", "title": "t", "pdf": "a.pdf", "filename": "a.pdf"}], "counter_example_files": ["x.txt"]}"#, "cannot read"),
        (#"{"positions": [{"id": "a", "title": "t", "pdf": "a.pdf", "filename": "a.pdf"}, {"id": "a", "title": "u", "pdf": "b.pdf", "filename": "b.pdf"}]}"#, "twice"),
        ("not json", "not a positions file"),
    ])
    func refusesBadFiles(json: String, message: String) {
        #expect {
            _ = try parse(json)
        } throws: { error in
            (error as? ConfigError)?.description.contains(message) == true
        }
    }
}
