import CVMatchApp
import CVMatchCore
import CVMatchFastCGI
import CVMatchSystem

// download-fcgi: spends one-time download tokens and lets nginx stream the PDF.
do {
    let environment = EnvironmentReader(SystemEnvironment.variables)
    let config = try DownloadConfig(environment: environment, readFile: SystemEnvironment.readFile)
    let server = try FastCGISettings(environment: environment, defaultSocket: "/run/cvmatch/download.sock",
                                     maximumBodyBytes: 0)
    try FastCGIServer.run(settings: server, name: "download-fcgi") { DownloadRouter(config: config) }
} catch {
    Log.error("download-fcgi: \(error)")
    SystemProcess.exit(1)
}
