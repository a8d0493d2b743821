import CVMatchApp
import CVMatchCore
import CVMatchEmbedding
import CVMatchFastCGI
import CVMatchSystem

// match-fcgi: scores position queries and issues download tokens, behind nginx over FastCGI.
do {
    let environment = EnvironmentReader(SystemEnvironment.variables)
    let config = try MatchConfig(environment: environment, readFile: SystemEnvironment.readFile)
    let server = try FastCGISettings(environment: environment, defaultSocket: "/run/cvmatch/match.sock",
                                     maximumBodyBytes: MatchRequest.maximumBodyBytes)
    EmbeddingClient.globalInit()
    try FastCGIServer.run(settings: server, name: "match-fcgi") { MatchRouter(config: config) }
} catch {
    Log.error("match-fcgi: \(error)")
    SystemProcess.exit(1)
}
