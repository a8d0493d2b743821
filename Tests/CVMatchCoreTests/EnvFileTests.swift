import Testing
@testable import CVMatchCore

/// The env file `cvctl` reads (systemd `EnvironmentFile` syntax), which one it picks, and that the
/// environment wins over it with every message naming where a value came from.
@Suite struct EnvFileTests {
    func parse(_ text: String) throws -> [String: String] {
        try EnvFile(parsing: text, path: "f.env").values
    }

    @Test func readsWhatConfigEnvWritesAndWhatSystemdAccepts() throws {
        let values = try parse("""
        # comment
        ; also a comment

          CVMATCH_REDIS=unix:/run/r.sock
        CVMATCH_EMBED_PREFIX="query: "
        CVMATCH_X = spaced value with # no comment  \r
        Q1='single $HOME \\n "kept"'
        Q2="a \\"b\\" \\\\ \\$c \\`d\\` \\n"
        U=a\\ b\\\\c
        CONT=one\\
        two
        DQ="line\\
        joined"
        SQ='multi
        line'
        EMPTY=
        EMPTYQ=""
        CVMATCH_REDIS=127.0.0.1:7000
        """)
        #expect(values["CVMATCH_REDIS"] == "127.0.0.1:7000")   // the last assignment wins
        #expect(values["CVMATCH_EMBED_PREFIX"] == "query: ")
        #expect(values["CVMATCH_X"] == "spaced value with # no comment")
        #expect(values["Q1"] == "single $HOME \\n \"kept\"")
        #expect(values["Q2"] == "a \"b\" \\ $c `d` \\n")
        #expect(values["U"] == "a b\\c")
        #expect(values["CONT"] == "onetwo")
        #expect(values["DQ"] == "linejoined")
        #expect(values["SQ"] == "multi\nline")
        #expect(values["EMPTY"] == "" && values["EMPTYQ"] == "")
    }

    @Test func theGeneratedEnvFileReadsBackToItsValues() throws {
        let text = ConfigDocuments.envFile(values: .init(given: ["CVMATCH_EMBED_PREFIX": "query: ", "CVMATCH_SITE_URL": "http://a b/\"$x\""]),
                                           header: ["test"])
        let values = try parse(text)
        #expect(values["CVMATCH_EMBED_PREFIX"] == "query: ")
        #expect(values["CVMATCH_SITE_URL"] == "http://a b/\"$x\"")
        #expect(values["CVMATCH_TOKEN_TTL"] == "600")
        #expect(values["CVMATCH_ENV_FILE"] == nil && values["CVMATCH_SOCKET"] == nil)
    }

    @Test(arguments: [
        ("A=1\nB='open\n", "f.env:2: the single quote opened here is never closed"),
        ("A=\"open", "f.env:1: the double quote opened here is never closed"),
        ("A=1\nnot an assignment\n", "f.env:2: expected NAME=VALUE"),
        ("1A=x", "f.env:1: \"1A\" is not a variable name"),
        ("A=\"x\" y", "f.env:1: unexpected \"y\" after the closing quote"),
    ])
    func refusesWhatItCannotReadNamingTheLine(text: String, message: String) {
        #expect {
            _ = try parse(text)
        } throws: { error in
            (error as? ConfigError)?.description.hasPrefix(message) == true
        }
    }

    @Test func theOptionThenTheVariableThenTheLocalStackThenProduction() {
        let all: Set<String> = [EnvFileLocation.localStack, EnvFileLocation.production]
        #expect(EnvFileLocation.choose(option: "x.env", environment: ["CVMATCH_ENV_FILE": "y.env"], exists: all.contains)
                == .named(path: "x.env", by: "--env-file"))
        #expect(EnvFileLocation.choose(option: nil, environment: ["CVMATCH_ENV_FILE": "y.env"], exists: all.contains)
                == .named(path: "y.env", by: "CVMATCH_ENV_FILE"))
        #expect(EnvFileLocation.choose(option: nil, environment: ["CVMATCH_ENV_FILE": ""], exists: all.contains)
                == .found(path: "./run/etc/cvmatch.env"))
        #expect(EnvFileLocation.choose(option: nil, environment: [:], exists: { $0 == EnvFileLocation.production })
                == .found(path: "/etc/cvmatch/cvmatch.env"))
        #expect(EnvFileLocation.choose(option: nil, environment: [:], exists: { _ in false }) == .none)
    }

    @Test func theEnvironmentWinsEvenEmptyAndEveryValueSaysWhereItCameFrom() throws {
        let file = EnvFile(path: "./run/etc/cvmatch.env",
                           values: ["CVMATCH_REDIS": "unix:/r.sock", "CVMATCH_THREADS": "8", "CVMATCH_SITE_URL": "http://x/",
                                    "CVMATCH_TOKEN_TTL": "soon"])
        let env = EnvironmentReader(environment: ["CVMATCH_THREADS": "2", "CVMATCH_SITE_URL": ""], file: file)
        #expect(try env.int(ConfigCatalog.threads) == 2)
        #expect(env.string(ConfigCatalog.redis) == "unix:/r.sock")
        #expect(env.string(ConfigCatalog.siteURL) == "http://127.0.0.1:8080/")
        #expect(env.describe(ConfigCatalog.redis) == "CVMATCH_REDIS from ./run/etc/cvmatch.env")
        #expect(env.describe(ConfigCatalog.threads) == "CVMATCH_THREADS from the environment")
        #expect(env.describe(ConfigCatalog.siteURL) == "CVMATCH_SITE_URL empty in the environment: its default")
        #expect(env.describe(ConfigCatalog.embedURL) == "CVMATCH_EMBED_URL unset: its default")
        #expect(throws: ConfigError("CVMATCH_TOKEN_TTL=soon is not an integer (from ./run/etc/cvmatch.env)")) {
            try env.int(ConfigCatalog.tokenTTL)
        }
        let badRedis = EnvironmentReader(environment: [:], file: EnvFile(path: "/etc/cvmatch/cvmatch.env", values: ["CVMATCH_REDIS": "nowhere"]))
        #expect(throws: ConfigError("CVMATCH_REDIS=nowhere: expected unix:/path or host:port (from /etc/cvmatch/cvmatch.env)")) {
            try RedisSettings(environment: badRedis)
        }
        let listing = ConfigDocuments.listing(env)
        #expect(listing.contains("CVMATCH_REDIS = unix:/r.sock  (from ./run/etc/cvmatch.env)"))
        #expect(listing.contains("CVMATCH_THREADS = 2\n"))
    }
}
