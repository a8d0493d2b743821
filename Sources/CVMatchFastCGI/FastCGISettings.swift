import CVMatchCore

/// Where and how a FastCGI process listens.
public struct FastCGISettings: Sendable {
    /// The unix socket nginx connects to.
    public var socketPath: String
    /// The listening socket systemd passed (socket activation, `LISTEN_FDS`); nil: bind `socketPath`.
    public var inheritedSocket: Int32?
    /// Group given to the socket (mode 0660), usually the nginx workers' group; nil keeps ours.
    public var socketGroup: String?
    public var threads: Int
    /// Which requests get a line in the log (`CVMATCH_REQUEST_LOG`).
    public var requestLog: RequestLogPolicy
    /// Bodies announced larger than this are not read.
    public var maximumBodyBytes: Int

    public init(socketPath: String, socketGroup: String?, threads: Int, maximumBodyBytes: Int,
                inheritedSocket: Int32? = nil, requestLog: RequestLogPolicy = RequestLogPolicy(everyRequest: false)) {
        self.socketPath = socketPath
        self.inheritedSocket = inheritedSocket
        self.socketGroup = socketGroup
        self.threads = threads
        self.maximumBodyBytes = maximumBodyBytes
        self.requestLog = requestLog
    }

    /// Takes the socket systemd passed (`LISTEN_PID`/`LISTEN_FDS`, fd 3) when there is one, else
    /// reads `CVMATCH_SOCKET` (else `defaultSocket`) and `CVMATCH_SOCKET_GROUP`; and `CVMATCH_THREADS`
    /// and `CVMATCH_REQUEST_LOG`.
    public init(environment env: EnvironmentReader, defaultSocket: String, maximumBodyBytes: Int) throws {
        let requestLog = try RequestLogPolicy(environment: env)
        if let inherited = try SystemdSocket.inherited() {
            self.init(socketPath: inherited.path, socketGroup: nil, threads: try env.int(ConfigCatalog.threads),
                      maximumBodyBytes: maximumBodyBytes, inheritedSocket: inherited.descriptor,
                      requestLog: requestLog)
            return
        }
        let path = env.optionalString(ConfigCatalog.socket) ?? defaultSocket
        guard path.hasPrefix("/"), path.utf8.count < 100 else {
            throw ConfigError("\(ConfigCatalog.socket.name)=\(path) must be an absolute path shorter than 100 bytes")
        }
        self.init(socketPath: path, socketGroup: env.optionalString(ConfigCatalog.socketGroup),
                  threads: try env.int(ConfigCatalog.threads),
                  maximumBodyBytes: maximumBodyBytes, requestLog: requestLog)
    }
}
