import CHiredis
#if canImport(Glibc)
import Glibc
#endif
import CVMatchCore
import CVMatchCrypto
import CVMatchSystem

/// One blocking hiredis connection, owned by one thread.
///
/// It connects lazily, pipelines commands, and after the server went away (a restart) it
/// reconnects on the next call. A command is never sent twice: before reusing a connection it is
/// checked for a close by the server (then replaced, nothing sent), and a call is retried on a fresh
/// connection only when its first write failed, i.e. not one byte reached Redis. Once anything was
/// written, a failure is `RedisError.outcomeUnknown`: the command may have run (or may still run,
/// when Redis was paused), so the caller must not repeat it.
///
/// It also tracks Redis's clock (`TIME` at each connection), so scripts can be given a deadline on
/// that clock (`replyDeadline()`): a write that reaches Redis after its caller gave up does nothing.
public final class RedisConnection {
    /// One command: its arguments as bytes.
    public typealias Command = [[UInt8]]

    private let address: RedisAddress
    private let timeout: timeval
    private let timeoutMilliseconds: Int
    private var context: UnsafeMutablePointer<redisContext>?
    private let onConnect: (RedisConnection) throws -> Void
    /// Redis's clock minus the monotonic clock, in microseconds, measured at connection.
    private var serverClockOffset: Int64 = 0
    /// Round trips of a `TIME` slower than this give no usable clock offset; it is measured again.
    private static let clockProbeMaximumMicroseconds: Int64 = 50_000
    private var serverClockKnown = false

    /// - Parameters:
    ///   - timeoutMilliseconds: bound on connecting and on every read or write.
    ///   - onConnect: runs after each (re)connection, e.g. to load scripts.
    public init(address: RedisAddress, timeoutMilliseconds: Int = 1000,
                onConnect: @escaping (RedisConnection) throws -> Void = { _ in }) {
        self.address = address
        self.timeout = timeval(tv_sec: timeoutMilliseconds / 1000, tv_usec: (timeoutMilliseconds % 1000) * 1000)
        self.timeoutMilliseconds = timeoutMilliseconds
        self.onConnect = onConnect
    }

    deinit {
        if let context { redisFree(context) }
    }

    /// Sends one command and waits for its reply. An error reply is returned, not thrown.
    public func send(_ command: Command) throws -> RedisReply {
        try pipeline([command])[0]
    }

    /// Sends one command given as strings.
    public func send(_ arguments: String...) throws -> RedisReply {
        try send(arguments.map { Array($0.utf8) })
    }

    /// Sends all commands in one round trip and returns their replies in order.
    ///
    /// Throws `RedisError.unavailable` when nothing was sent (connection refused or timed out, or
    /// the first write failed, once more on a fresh connection), `.outcomeUnknown` when the
    /// commands were sent but no reply came in time.
    public func pipeline(_ commands: [Command]) throws -> [RedisReply] {
        precondition(!commands.isEmpty)
        let reused = context != nil
        do {
            return try attempt(commands)
        } catch RedisError.unavailable(let why) where reused {
            Log.info("redis: reconnecting after: \(why)")
            return try attempt(commands)
        }
    }

    /// Redis's clock now (Unix microseconds), estimated from the offset measured at connection.
    public func serverTimeMicroseconds() throws -> Int64 {
        _ = try connected()
        if !serverClockKnown { try measureServerClock() }
        return serverClockOffset + Self.monotonicMicroseconds()
    }

    /// The latest Redis-clock time (Unix microseconds) at which a script sent now may still act:
    /// three quarters of the call timeout from now, so that a script that runs later (Redis was
    /// paused or overloaded and this connection has, or is about to, give up) refuses to write.
    public func replyDeadline() throws -> Int64 {
        try serverTimeMicroseconds() + Int64(timeoutMilliseconds) * 750
    }

    private func attempt(_ commands: [Command]) throws -> [RedisReply] {
        let ctx = try usableConnection()
        for command in commands {
            // Only fills hiredis's output buffer; nothing is sent yet.
            let status = append(ctx, command)
            if status != REDIS_OK { throw dropConnection(ctx) }
        }
        // Write the buffer ourselves: a failing write(2) writes nothing, so a failure of the first
        // write means Redis got none of it (safe to retry); after that the outcome is unknown.
        var done: Int32 = 0
        var writes = 0
        while done == 0 {
            if redisBufferWrite(ctx, &done) != REDIS_OK {
                let error = dropConnection(ctx)
                if writes == 0 { throw error }
                throw RedisError.outcomeUnknown(error.reason)
            }
            writes += 1
        }
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            guard redisGetReply(ctx, &raw) == REDIS_OK, let raw else {
                throw RedisError.outcomeUnknown(dropConnection(ctx).reason)
            }
            let reply = raw.assumingMemoryBound(to: redisReply.self)
            replies.append(Self.decode(reply))
            freeReplyObject(raw)
        }
        return replies
    }

    /// The open connection, replaced first when the server has closed it (or sent something
    /// unasked, which RESP2 request/reply never does): checked without waiting, before any write.
    private func usableConnection() throws -> UnsafeMutablePointer<redisContext> {
        if let ctx = context {
            var probe = pollfd(fd: ctx.pointee.fd, events: Int16(POLLIN), revents: 0)
            if poll(&probe, 1, 0) != 0 {
                Log.info("redis: the server closed an idle connection; reconnecting")
                _ = dropConnection(ctx)
            }
        }
        return try connected()
    }

    private func measureServerClock() throws {
        let before = Self.monotonicMicroseconds()
        let reply = try attempt([[Array("TIME".utf8)]])[0]
        let after = Self.monotonicMicroseconds()
        guard let parts = reply.array, parts.count == 2, let seconds = parts[0].integer,
              let micros = parts[1].integer else { throw RedisError.unexpectedReply("TIME") }
        serverClockOffset = Int64(seconds) * 1_000_000 + Int64(micros) - (before + after) / 2
        serverClockKnown = after - before <= Self.clockProbeMaximumMicroseconds
    }

    private static func monotonicMicroseconds() -> Int64 {
        Int64(SystemClock.monotonicNanoseconds() / 1000)
    }

    private func append(_ ctx: UnsafeMutablePointer<redisContext>, _ command: Command) -> Int32 {
        // The command in Redis's protocol (RESP), written here in one buffer: hiredis's own
        // formatting (`redisAppendCommandArgv`) costs a pointer array and a printf-style pass.
        var resp: [UInt8] = []
        resp.reserveCapacity(command.reduce(16) { $0 + $1.count + 16 })
        Self.appendHeader(UInt8(ascii: "*"), command.count, to: &resp)
        for argument in command {
            Self.appendHeader(UInt8(ascii: "$"), argument.count, to: &resp)
            resp.append(contentsOf: argument)
            resp.append(0x0D)
            resp.append(0x0A)
        }
        return resp.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { redisAppendFormattedCommand(ctx, $0.baseAddress, $0.count) }
        }
    }

    /// `*<count>` or `$<length>` (decimal, `value` ≥ 0), then CRLF.
    private static func appendHeader(_ marker: UInt8, _ value: Int, to resp: inout [UInt8]) {
        resp.append(marker)
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            resp.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
        resp.append(0x0D)
        resp.append(0x0A)
    }

    private func connected() throws -> UnsafeMutablePointer<redisContext> {
        if let context { return context }
        let made: UnsafeMutablePointer<redisContext>?
        switch address {
        case .unix(let path): made = redisConnectUnixWithTimeout(path, timeout)
        case .tcp(let host, let port): made = redisConnectWithTimeout(host, Int32(port), timeout)
        }
        guard let ctx = made else { throw RedisError.unavailable("cannot allocate a context") }
        if ctx.pointee.err != 0 {
            let why = Self.errorText(ctx)
            redisFree(ctx)
            throw RedisError.unavailable("connect \(address): \(why)")
        }
        redisSetTimeout(ctx, timeout)
        context = ctx
        serverClockKnown = false
        do {
            try measureServerClock()
            try onConnect(self)
        } catch {
            if let context { redisFree(context) }
            context = nil
            // The caller's commands were not sent yet, whatever happened while setting up.
            if case RedisError.outcomeUnknown(let why) = error { throw RedisError.unavailable(why) }
            throw error
        }
        return ctx
    }

    private func dropConnection(_ ctx: UnsafeMutablePointer<redisContext>) -> RedisError {
        let why = Self.errorText(ctx)
        redisFree(ctx)
        context = nil
        return .unavailable(why)
    }

    private static func errorText(_ ctx: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: ctx.pointee.errstr) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return bytes.isEmpty ? "connection lost" : String(decoding: bytes, as: UTF8.self)
        }
    }

    private static func decode(_ reply: UnsafeMutablePointer<redisReply>) -> RedisReply {
        let r = reply.pointee
        switch r.type {
        case REDIS_REPLY_STRING:
            return .string(Array(UnsafeRawBufferPointer(start: r.str, count: Int(r.len))))
        case REDIS_REPLY_STATUS:
            return .status(String(decoding: UnsafeRawBufferPointer(start: r.str, count: Int(r.len)), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            return .error(String(decoding: UnsafeRawBufferPointer(start: r.str, count: Int(r.len)), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            return .integer(Int(r.integer))
        case REDIS_REPLY_ARRAY:
            return .array((0..<Int(r.elements)).map { decode(r.element[$0]!) })
        default:
            return .null
        }
    }
}
