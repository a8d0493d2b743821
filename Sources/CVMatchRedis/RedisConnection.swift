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
/// reconnects on the next call. A call that fails on a connection reused from earlier is
/// retried once on a fresh connection: a restarted server never saw the first attempt.
public final class RedisConnection {
    /// One command: its arguments as bytes.
    public typealias Command = [[UInt8]]

    private let address: RedisAddress
    private let timeout: timeval
    private var context: UnsafeMutablePointer<redisContext>?
    private let onConnect: (RedisConnection) throws -> Void

    /// - Parameters:
    ///   - timeoutMilliseconds: bound on connecting and on every read or write.
    ///   - onConnect: runs after each (re)connection, e.g. to load scripts.
    public init(address: RedisAddress, timeoutMilliseconds: Int = 1000,
                onConnect: @escaping (RedisConnection) throws -> Void = { _ in }) {
        self.address = address
        self.timeout = timeval(tv_sec: timeoutMilliseconds / 1000, tv_usec: (timeoutMilliseconds % 1000) * 1000)
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

    private func attempt(_ commands: [Command]) throws -> [RedisReply] {
        let ctx = try connected()
        for command in commands {
            let status = append(ctx, command)
            if status != REDIS_OK { throw dropConnection(ctx) }
        }
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            guard redisGetReply(ctx, &raw) == REDIS_OK, let raw else { throw dropConnection(ctx) }
            let reply = raw.assumingMemoryBound(to: redisReply.self)
            replies.append(Self.decode(reply))
            freeReplyObject(raw)
        }
        return replies
    }

    private func append(_ ctx: UnsafeMutablePointer<redisContext>, _ command: Command) -> Int32 {
        // One contiguous copy of all arguments; hiredis formats them into its own buffer at once.
        var flat: [UInt8] = []
        flat.reserveCapacity(command.reduce(1) { $0 + $1.count })
        for argument in command { flat.append(contentsOf: argument) }
        flat.append(0)
        let lengths = command.map(\.count)
        return flat.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!)
            var offset = 0
            var pointers: [UnsafePointer<CChar>?] = lengths.map { length in
                defer { offset += length }
                return (base + offset).assumingMemoryBound(to: CChar.self)
            }
            return redisAppendCommandArgv(ctx, Int32(command.count), &pointers, lengths)
        }
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
        do {
            try onConnect(self)
        } catch {
            if let context { redisFree(context) }
            context = nil
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
