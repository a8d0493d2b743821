import Shared
#if canImport(Glibc)
import Glibc
#endif

// download-fcgi: spends one-time download tokens and lets nginx stream the PDF.
do {
    let config = try DownloadConfig(environment: EnvironmentReader())
    try FastCGIServer.run(settings: config.fastCGI, name: "download-fcgi") { DownloadHandler(config: config) }
} catch {
    Log.error("download-fcgi: \(error)")
    exit(1)
}
