import Shared

/// Everything `download-fcgi` reads from its environment, checked once at start.
struct DownloadConfig: Sendable {
    let fastCGI: FastCGISettings
    let redis: RedisSettings
    let tokens: TokenCodec
    let events: EventSettings
    /// The nginx `internal` location that maps to the PDF directory (`CVMATCH_PDF_LOCATION`).
    let pdfLocation: String

    init(environment env: EnvironmentReader) throws {
        fastCGI = try FastCGISettings(environment: env, defaultSocket: "/run/cvmatch/download.sock", maximumBodyBytes: 0)
        redis = try RedisSettings(environment: env)
        tokens = TokenCodec(keyRing: try TokenKeyRing(environment: env))
        events = try EventSettings(environment: env)
        pdfLocation = env.string("CVMATCH_PDF_LOCATION", default: "/_cv/")
        guard pdfLocation.hasPrefix("/"), pdfLocation.hasSuffix("/") else {
            throw ConfigError("CVMATCH_PDF_LOCATION=\(pdfLocation) must start and end with /")
        }
    }
}
