import Shared
#if canImport(Glibc)
import Glibc
#endif

// match-fcgi: scores position queries and issues download tokens, behind nginx over FastCGI.
do {
    let config = try MatchConfig(environment: EnvironmentReader())
    CurlSession.globalInit()
    try FastCGIServer.run(settings: config.fastCGI, name: "match-fcgi") { Router(config: config) }
} catch {
    Log.error("match-fcgi: \(error)")
    exit(1)
}
