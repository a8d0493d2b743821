import CCurl
#if canImport(Glibc)
import Glibc
#endif
import CVMatchCore

/// A blocking HTTP client over one reused curl easy handle (so one kept-alive connection per
/// thread). Call `CurlSession.globalInit()` once before any thread starts.
public final class CurlSession {
    /// A completed exchange: any HTTP status, with the body.
    public struct Response {
        public var status: Int
        public var body: [UInt8]
        /// Header lines of the final response (`Name: value`, without the line ends).
        public var headerLines: [String] = []

        /// The value of the first header called `name` (case-insensitive).
        public func header(_ name: String) -> String? {
            let wanted = name.lowercased() + ":"
            for line in headerLines where line.lowercased().hasPrefix(wanted) {
                return String(line.dropFirst(wanted.count)).trimmingWhitespace()
            }
            return nil
        }

        /// The start of the body, for error messages.
        public var snippet: String { String(decoding: body.prefix(200), as: UTF8.self) }
    }

    /// Responses larger than this fail.
    public static let maximumResponseBytes = 64 << 20

    private let handle: UnsafeMutableRawPointer
    private let buffer = ResponseBuffer()
    private let connectTimeoutMilliseconds: Int
    private let timeoutMilliseconds: Int

    public static func globalInit() {
        curl_global_init(Int(CURL_GLOBAL_ALL))
    }

    public init(connectTimeoutMilliseconds: Int, timeoutMilliseconds: Int) {
        handle = curl_easy_init()
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.timeoutMilliseconds = timeoutMilliseconds
        cvm_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        cvm_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, connectTimeoutMilliseconds)
        cvm_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMilliseconds)
        cvm_curl_setopt_long(handle, CURLOPT_TCP_NODELAY, 1)
        cvm_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        cvm_curl_setopt_write(handle, collectBody)
        cvm_curl_setopt_ptr(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(buffer).toOpaque())
        cvm_curl_setopt_header(handle, collectHeader)
        cvm_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, Unmanaged.passUnretained(buffer).toOpaque())
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    /// Sends `method` (GET, POST, PATCH, DELETE…) with optional body; throws only on transport
    /// failures (no connection, timeout, oversized answer), with curl's message. `withinMilliseconds`
    /// shortens this call's timeouts (connect and total) to what is left of a caller's deadline.
    public func send(method: String, url: String, headers: [String], body: [UInt8]? = nil,
                     withinMilliseconds limit: Int? = nil) throws(CurlError) -> Response {
        cvm_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(connectTimeoutMilliseconds, max(1, limit ?? .max)))
        cvm_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, min(timeoutMilliseconds, max(1, limit ?? .max)))
        var list: UnsafeMutablePointer<curl_slist>?
        for header in headers { list = curl_slist_append(list, header) }
        defer { curl_slist_free_all(list) }
        cvm_curl_setopt_ptr(handle, CURLOPT_URL, url)
        cvm_curl_setopt_ptr(handle, CURLOPT_HTTPHEADER, list)
        cvm_curl_setopt_ptr(handle, CURLOPT_CUSTOMREQUEST, method)
        if let body {
            body.withUnsafeBytes { raw in
                cvm_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, raw.count)
                cvm_curl_setopt_ptr(handle, CURLOPT_COPYPOSTFIELDS, raw.baseAddress)
            }
        } else {
            cvm_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)
            cvm_curl_setopt_ptr(handle, CURLOPT_CUSTOMREQUEST, method == "GET" ? nil : method)
        }
        buffer.reset()
        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else {
            throw CurlError(message: buffer.overflowed ? "response larger than \(Self.maximumResponseBytes) bytes"
                                                     : String(cString: curl_easy_strerror(code)))
        }
        var status = 0
        cvm_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return Response(status: status, body: buffer.bytes, headerLines: buffer.headerLines)
    }
}

/// A transport failure: the request got no HTTP answer.
public struct CurlError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Collects a response body for the curl write callback.
final class ResponseBuffer {
    var bytes: [UInt8] = []
    var headerLines: [String] = []
    var overflowed = false

    func reset() {
        bytes.removeAll(keepingCapacity: true)
        headerLines.removeAll()
        overflowed = false
    }
}

/// Keeps the header lines of the last response (a status line starts a new response: only the
/// final one's headers remain, e.g. after `100 Continue`).
private func collectHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                           _ context: UnsafeMutableRawPointer?) -> Int {
    let buffer = Unmanaged<ResponseBuffer>.fromOpaque(context!).takeUnretainedValue()
    let length = size * count
    guard let data, length > 0, buffer.headerLines.count < 200 else { return length }
    let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }.trimmingWhitespace()
    if line.hasPrefix("HTTP/") { buffer.headerLines.removeAll() } else if !line.isEmpty { buffer.headerLines.append(line) }
    return length
}

private func collectBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                         _ context: UnsafeMutableRawPointer?) -> Int {
    let buffer = Unmanaged<ResponseBuffer>.fromOpaque(context!).takeUnretainedValue()
    let length = size * count
    guard buffer.bytes.count + length <= CurlSession.maximumResponseBytes else {
        buffer.overflowed = true
        return 0
    }
    if let data, length > 0 {
        data.withMemoryRebound(to: UInt8.self, capacity: length) {
            buffer.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
        }
    }
    return length
}
