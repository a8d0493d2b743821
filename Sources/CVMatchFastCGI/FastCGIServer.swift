import CFastCGI
#if canImport(Glibc)
import Glibc
#endif
import CVMatchCore
import CVMatchSystem

/// A pool of worker threads accepting FastCGI requests on one unix socket.
///
/// The socket is bound under a temporary name, given mode 0660 and its group, then renamed over
/// the real path, so nginx never sees a socket it cannot open. SIGTERM or SIGINT stops accepting,
/// lets in-flight requests finish, removes the socket and returns. A restart hands over: the new
/// instance renames its socket over the path first (`scripts/supervise.sh`), then the old one gets
/// SIGTERM, sees the path is no longer its socket, accepts what was queued on it for a moment and
/// leaves the path alone.
public enum FastCGIServer {
    public static func run(settings: FastCGISettings, name: String,
                           makeHandler: @escaping @Sendable () -> RequestHandler) throws {
        signal(SIGPIPE, SIG_IGN)
        guard FCGX_Init() == 0 else { throw FastCGIError.initialisation }
        let listenFd = try bindSocket(settings)
        let ownSocket = inode(of: settings.socketPath)

        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)

        let context = WorkerContext(listenFd: listenFd, settings: settings, makeHandler: makeHandler)
        var threads: [pthread_t] = []
        for _ in 0..<settings.threads {
            var thread = pthread_t()
            let argument = Unmanaged.passRetained(context).toOpaque()
            guard pthread_create(&thread, nil, workerMain, argument) == 0 else {
                throw FastCGIError.system("cannot start a worker thread", code: errno)
            }
            threads.append(thread)
        }
        Log.info("\(name) listening on \(settings.socketPath) with \(settings.threads) threads")

        var received: Int32 = 0
        sigwait(&stopSignals, &received)
        let handedOver = inode(of: settings.socketPath) != ownSocket
        Log.info("\(name) stopping on signal \(received)\(handedOver ? " (a new instance has the socket)" : "")")
        if handedOver {
            // nginx connects to the successor from now on; accept what is already queued here.
            SystemClock.sleep(milliseconds: Self.handOverDrainMilliseconds)
        }
        FCGX_ShutdownPending()
        shutdown(listenFd, Int32(SHUT_RDWR))
        for thread in threads { pthread_join(thread, nil) }
        close(listenFd)
        // Remove the socket only while it is still ours: never a successor's.
        if !handedOver && inode(of: settings.socketPath) == ownSocket { unlink(settings.socketPath) }
        Log.info("\(name) stopped")
    }

    /// How long a process that a successor replaced keeps accepting its queued connections.
    static let handOverDrainMilliseconds = 300

    private static func inode(of path: String) -> UInt64? {
        var status = stat()
        return stat(path, &status) == 0 ? UInt64(status.st_ino) : nil
    }

    private static func bindSocket(_ settings: FastCGISettings) throws -> Int32 {
        let temporary = settings.socketPath + ".\(getpid()).tmp"
        let fd = FCGX_OpenSocket(temporary, 128)
        guard fd >= 0 else { throw FastCGIError.system("cannot bind \(temporary)", code: errno) }
        if let groupName = settings.socketGroup {
            guard let group = getgrnam(groupName) else {
                unlink(temporary)
                throw ConfigError("\(ConfigCatalog.socketGroup.name)=\(groupName) is not a group on this system")
            }
            guard chown(temporary, getuid(), group.pointee.gr_gid) == 0 else {
                let code = errno
                unlink(temporary)
                throw FastCGIError.system("cannot give \(temporary) to group \(groupName)", code: code)
            }
        }
        guard chmod(temporary, 0o660) == 0, rename(temporary, settings.socketPath) == 0 else {
            let code = errno
            unlink(temporary)
            throw FastCGIError.system("cannot place the socket at \(settings.socketPath)", code: code)
        }
        return fd
    }
}

/// What every worker thread shares: read-only.
private final class WorkerContext: Sendable {
    let listenFd: Int32
    let settings: FastCGISettings
    let makeHandler: @Sendable () -> RequestHandler

    init(listenFd: Int32, settings: FastCGISettings, makeHandler: @escaping @Sendable () -> RequestHandler) {
        self.listenFd = listenFd
        self.settings = settings
        self.makeHandler = makeHandler
    }
}

/// Thread entry point; a global function so it carries no actor isolation.
private func workerMain(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let context = Unmanaged<WorkerContext>.fromOpaque(argument!).takeRetainedValue()
    let handler = context.makeHandler()
    var request = FCGX_Request()
    FCGX_InitRequest(&request, context.listenFd, 0)
    while FCGX_Accept_r(&request) >= 0 {
        let started = SystemClock.monotonicNanoseconds()
        let incoming = readRequest(&request, maximumBodyBytes: context.settings.maximumBodyBytes)
        let response = handler.handle(incoming)
        let bytes = response.serialised()
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                _ = FCGX_PutStr(pointer, Int32(buffer.count), request.out)
            }
        }
        FCGX_Finish_r(&request)
        guard response.logged else { continue }
        let micros = (SystemClock.monotonicNanoseconds() - started) / 1000
        Log.info("\(incoming.method) \(incoming.path) \(response.status.code) \(micros / 1000).\(micros % 1000 / 100)ms")
    }
    FCGX_Free(&request, 1)
    return nil
}

private func readRequest(_ request: inout FCGX_Request, maximumBodyBytes: Int) -> HTTPRequest {
    func parameter(_ name: String) -> String? {
        guard let value = FCGX_GetParam(name, request.envp) else { return nil }
        return String(cString: value)
    }
    let length = Int(parameter("CONTENT_LENGTH") ?? "") ?? 0
    var body: [UInt8] = []
    let tooLarge = length > maximumBodyBytes
    if length > 0 && !tooLarge {
        body = [UInt8](repeating: 0, count: length)
        var filled = 0
        while filled < length {
            let read = body.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: length) { pointer in
                    FCGX_GetStr(pointer + filled, Int32(length - filled), request.in)
                }
            }
            if read <= 0 { break }
            filled += Int(read)
        }
        body.removeSubrange(filled...)
    }
    let user = parameter("REMOTE_USER")
    return HTTPRequest(
        method: HTTPMethod(parameter("REQUEST_METHOD") ?? "GET"),
        path: parameter("DOCUMENT_URI") ?? parameter("SCRIPT_NAME") ?? "/",
        queryString: parameter("QUERY_STRING") ?? "",
        contentType: parameter("CONTENT_TYPE") ?? "",
        contentLength: length,
        body: body,
        bodyTooLarge: tooLarge,
        remoteUser: user?.isEmpty == false ? user : nil,
        userAgent: parameter("HTTP_USER_AGENT") ?? "",
        remoteAddress: parameter("REMOTE_ADDR") ?? "",
        host: parameter("HTTP_HOST") ?? "",
        metricsAllowed: parameter("CVMATCH_METRICS") == "allow"
    )
}
