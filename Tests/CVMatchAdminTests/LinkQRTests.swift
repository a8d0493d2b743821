import Testing
@testable import CVMatchAdmin
import CVMatchQRCode

@Suite struct LinkQRTests {
    @Test func aShortLinkIsAVersion2CodeWithItsFinderPatterns() throws {
        let code = try #require(QRCode("https://dub.sh/cv-li"))
        #expect(code.size == 25)  // 20 bytes at level M need version 2
        // The finder pattern's dark outer ring and light inner ring, in all three corners.
        for (x0, y0) in [(0, 0), (code.size - 7, 0), (0, code.size - 7)] {
            #expect((0..<7).allSatisfy { code.isDark(x: x0 + $0, y: y0) && code.isDark(x: x0, y: y0 + $0) })
            #expect(!code.isDark(x: x0 + 1, y: y0 + 1) && code.isDark(x: x0 + 3, y: y0 + 3))
        }
    }

    @Test func svgAndPNGHaveTheQuietZone() throws {
        let code = try #require(QRCode("https://cv.example/?utm_source=a"))
        let side = code.size + 2 * QRImage.quietZone
        #expect(QRImage.svg(code).contains("viewBox=\"0 0 \(side) \(side)\""))
        #expect(QRImage.svg(code).contains("M4 4h1v1h-1z"))  // the top-left finder's first module
        let png = QRImage.png(code, pixelsPerModule: 3)
        #expect(PNGEncoder.size(of: png)! == (width: side * 3, height: side * 3))
        #expect(QRImage.Format(fileName: "a.PNG") == .png && QRImage.Format(fileName: "a.svg") == .svg)
        #expect(QRImage.Format(fileName: "a.jpg") == nil)
    }
}
