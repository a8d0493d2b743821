import CVMatchApp
import CVMatchCore
import CVMatchStore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// With a PDF directory, download-fcgi spends a token in one round trip once it has seen the
/// position's PDF on disk, and still never spends a token whose file is missing (issue 12).
@Suite struct DownloadCheckedPDFTests {
    final class PDFDirectory {
        let path: String
        init() throws {
            var template = Array("/tmp/cvmatch-pdf-XXXXXX".utf8CString)
            guard let made = mkdtemp(&template) else { throw ConfigError("mkdtemp failed") }
            path = String(cString: made)
        }
        func write(_ name: String) { FileManager.default.createFile(atPath: path + "/" + name, contents: Data("%PDF".utf8)) }
        func remove(_ name: String) { unlink(path + "/" + name) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// The site's download handler, checking PDFs in `pdfs`.
    private func checkingHandler(_ site: SiteFixture, _ pdfs: PDFDirectory) throws -> DownloadHandler {
        DownloadHandler(config: try DownloadConfig(
            redis: site.downloadConfig.redis, tokens: site.tokens, events: site.downloadConfig.events,
            pdfLocation: "/_cv/", pdfDirectory: pdfs.path))
    }

    private func download(_ handler: DownloadHandler, _ site: SiteFixture) throws -> HTTPResponse {
        let token = try #require(SiteFixture.json(site.postMatch("backend developer"))["token"] as? String)
        return handler.handle(HTTPRequest(method: .get, path: "/api/download", queryString: "token=\(token)"))
    }

    @Test func aFileRemovedAfterAFirstDownloadIsNoticedBeforeSpending() throws {
        let site = try SiteFixture()
        let pdfs = try PDFDirectory()
        pdfs.write("backend.pdf")
        let handler = try checkingHandler(site, pdfs)
        #expect(try download(handler, site).status == .ok)
        #expect(try download(handler, site).status == .ok)
        pdfs.remove("backend.pdf")
        let missing = try download(handler, site)
        #expect(missing.status == .serviceUnavailable)
        #expect(try site.hashCount(RedisKeys.daily(site.today), "download||||backend") == 2)
        #expect(try site.redis.keys(matching: "cvm:used:*").count == 2)
    }

    @Test func aPopulateThatChangesThePDFIsNoticedBeforeSpending() throws {
        let site = try SiteFixture()
        let pdfs = try PDFDirectory()
        pdfs.write("backend.pdf")
        let handler = try checkingHandler(site, pdfs)
        #expect(try download(handler, site).status == .ok)
        // The old file stays on disk; the position now names a new one, not there yet.
        _ = try site.redis.send("HSET", RedisKeys.position("backend"), "pdf", "backend-2026.pdf")
        #expect(try download(handler, site).status == .serviceUnavailable)
        #expect(try site.redis.keys(matching: "cvm:used:*").count == 1)
        pdfs.write("backend-2026.pdf")
        let granted = try download(handler, site)
        #expect(granted.status == .ok)
        #expect(granted.headers.contains { $0 == ("X-Accel-Redirect", "/_cv/backend-2026.pdf") })
    }
}
