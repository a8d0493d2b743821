import CFastCGI
#if canImport(Glibc)
import Glibc
#endif
import CVMatchCore
import CVMatchSystem
import Synchronization

/// A pool of worker threads accepting FastCGI requests on one unix socket.
///
/// The socket is bound under a temporary name, given mode 0660 and its group, then renamed over
/// the real path, so nginx never sees a socket it cannot open. SIGTERM or SIGINT stops accepting,
/// lets in-flight requests finish, removes the socket and returns. A restart hands over: the new
/// instance renames its socket over the path first (`scripts/supervise.sh`), then the old one gets
/// SIGTERM, sees the path is no longer its socket, accepts what was queued on it for a moment and
/// leaves the path alone.
///
/// Under systemd socket activation the socket comes from the socket unit (`FastCGISettings`,
/// `inheritedSocket`) and stays open there: on SIGTERM the process stops accepting, finishes its
/// requests and exits without touching the socket, and connections that arrive until the next
/// instance starts wait in its queue.
public enum FastCGIServer {
    public static func run(settings: FastCGISettings, name: String,
                           makeHandler: @escaping @Sendable () -> RequestHandler) throws {
        signal(SIGPIPE, SIG_IGN)
        SystemMemory.limitArenas(Self.mallocArenas)
        guard FCGX_Init() == 0 else { throw FastCGIError.initialisation }
        let listenFd = try settings.inheritedSocket ?? bindSocket(settings)
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
        let origin = settings.inheritedSocket == nil ? "" : " (from systemd)"
        Log.info("\(name) listening on \(settings.socketPath)\(origin) with \(settings.threads) threads")

        var received: Int32 = 0
        sigwait(&stopSignals, &received)
        if settings.inheritedSocket != nil {
            Log.info("\(name) stopping on signal \(received); the socket stays with systemd")
            FCGX_ShutdownPending()
            wakeAcceptingThreads(context, socketPath: settings.socketPath)
            for thread in threads { pthread_join(thread, nil) }
            Log.info("\(name) stopped")
            return
        }
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

    /// glibc malloc arenas shared by the worker threads (its default allows 16 on 2 cores; each
    /// keeps what its thread freed). Measured with 4 threads: see docs/ARCHITECTURE.md, "Memory".
    static let mallocArenas: Int32 = 2

    /// How long a process that a successor replaced keeps accepting its queued connections.
    static let handOverDrainMilliseconds = 300

    /// Wakes the threads blocked in `accept()` on a socket that must stay open (no `shutdown()`,
    /// which would refuse the connections queued for the next instance): one empty connection per
    /// waiting thread, which libfcgi drops; the thread then sees the shutdown and returns. Threads
    /// busy with a request finish it first.
    private static func wakeAcceptingThreads(_ context: WorkerContext, socketPath: String) {
        while context.running.load(ordering: .acquiring) > 0 {
            for _ in 0..<context.accepting.load(ordering: .acquiring) {
                let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
                guard fd >= 0 else { break }
                var address = sockaddr_un()
                address.sun_family = sa_family_t(AF_UNIX)
                withUnsafeMutableBytes(of: &address.sun_path) { raw in
                    for (i, byte) in socketPath.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
                }
                _ = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                    }
                }
                close(fd)
            }
            SystemClock.sleep(milliseconds: 20)
        }
    }

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
    /// Worker threads not yet returned.
    let running: Atomic<Int>
    /// Worker threads inside `FCGX_Accept_r` (waiting for a connection, or about to).
    let accepting = Atomic<Int>(0)

    init(listenFd: Int32, settings: FastCGISettings, makeHandler: @escaping @Sendable () -> RequestHandler) {
        self.listenFd = listenFd
        self.settings = settings
        self.makeHandler = makeHandler
        self.running = Atomic(settings.threads)
    }
}

/// Thread entry point; a global function so it carries no actor isolation.
private func workerMain(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let context = Unmanaged<WorkerContext>.fromOpaque(argument!).takeRetainedValue()
    let handler = context.makeHandler()
    var request = FCGX_Request()
    FCGX_InitRequest(&request, context.listenFd, 0)
    defer { context.running.subtract(1, ordering: .releasing) }
    while accept(&request, counting: context.accepting) {
        let started = SystemClock.monotonicNanoseconds()
        let incoming = readRequest(&request, maximumBodyBytes: context.settings.maximumBodyBytes)
        let inputComplete = readToEndOfInput(request.in)
        let response = handler.handle(incoming)
        let bytes = response.serialised()
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                _ = FCGX_PutStr(pointer, Int32(buffer.count), request.out)
            }
        }
        // libfcgi's default close lingers: shutdown(), then wait up to 2 s for nginx to close first,
        // so the thread cannot take the next request for nginx's whole round trip. Once the request's
        // input has been read to its end, nothing nginx still sends can be lost, and on a unix
        // socket what we wrote stays readable after we close: `FCGX_Detach` makes libfcgi close at
        // once. A request whose input was not read to its end keeps the lingering close.
        if inputComplete { FCGX_Detach(&request) }
        FCGX_Finish_r(&request)
        let micros = (SystemClock.monotonicNanoseconds() - started) / 1000
        guard response.logged, context.settings.requestLog.logs(status: response.status.code, microseconds: micros)
        else { continue }
        Log.info("\(incoming.method) \(incoming.path) \(response.status.code) \(micros / 1000).\(micros % 1000 / 100)ms")
    }
    FCGX_Free(&request, 1)
    return nil
}

private func accept(_ request: inout FCGX_Request, counting accepting: borrowing Atomic<Int>) -> Bool {
    accepting.add(1, ordering: .releasing)
    defer { accepting.subtract(1, ordering: .releasing) }
    return FCGX_Accept_r(&request) >= 0
}

/// Whether the request's input stream is at its end (nginx's empty `FCGI_STDIN` record seen) after
/// the body was read: at most one more byte is read, so a body longer than `CONTENT_LENGTH` said
/// is never read without bound.
private func readToEndOfInput(_ input: UnsafeMutablePointer<FCGX_Stream>?) -> Bool {
    FCGX_GetChar(input) == -1 && FCGX_HasSeenEOF(input) == -1 && FCGX_GetError(input) == 0
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
        adminProof: parameter("CVMATCH_ADMIN_PROOF"),
        userAgent: parameter("HTTP_USER_AGENT") ?? "",
        remoteAddress: parameter("REMOTE_ADDR") ?? "",
        host: parameter("HTTP_HOST") ?? ""
    )
}
