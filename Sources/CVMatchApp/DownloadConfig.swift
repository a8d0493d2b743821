import CVMatchCore
import CVMatchCrypto
import CVMatchSystem

/// Everything `download-fcgi`'s endpoint reads from the environment, checked once at start.
public struct DownloadConfig: Sendable {
    public let redis: RedisSettings
    public let tokens: TokenCodec
    public let events: EventSettings
    /// The nginx `internal` location that maps to the PDF directory (`CVMATCH_PDF_LOCATION`).
    public let pdfLocation: String
    /// The directory behind that location (`CVMATCH_PDF_DIR`); when set, a PDF's presence is checked
    /// before its token is spent.
    public let pdfDirectory: String?
    /// The process's counters for `/metrics/download`, shared by every worker thread.
    public let metrics = DownloadMetrics()
    /// The secret nginx adds in its metrics location (`CVMATCH_ADMIN_PROOF_FILE`); without it the
    /// metrics page is refused to everyone.
    public let adminProof: AdminProof?

    public init(redis: RedisSettings, tokens: TokenCodec, events: EventSettings, pdfLocation: String,
                pdfDirectory: String? = nil, adminProof: AdminProof? = nil) throws {
        guard pdfLocation.hasPrefix("/"), pdfLocation.hasSuffix("/") else {
            throw ConfigError("\(ConfigCatalog.pdfLocation.name)=\(pdfLocation) must start and end with /")
        }
        self.redis = redis
        self.tokens = tokens
        self.events = events
        self.pdfLocation = pdfLocation
        self.pdfDirectory = pdfDirectory.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        self.adminProof = adminProof
    }

    /// Reads the variables; `readFile` reads the token key and admin proof files.
    public init(environment env: EnvironmentReader, readFile: (String) -> [UInt8]?) throws {
        try self.init(
            redis: try RedisSettings(environment: env),
            tokens: TokenCodec(keyRing: try TokenKeyRing(environment: env, readFile: readFile), authenticator: HMACSHA256(),
                               limits: TokenClaimLimits(maximumLifetime: try env.int(ConfigCatalog.tokenTTL))),
            events: try EventSettings(environment: env),
            pdfLocation: env.string(ConfigCatalog.pdfLocation),
            pdfDirectory: env.optionalString(ConfigCatalog.pdfDirectory),
            adminProof: try AdminProof.load(environment: env, readFile: readFile))
    }
}
