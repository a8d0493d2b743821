import CQRencode
#if canImport(Glibc)
import Glibc
#endif

/// A QR code's modules (libqrencode, error correction level M, 8-bit mode), row by row: `true` is dark.
public struct QRCode: Sendable, Equatable {
    /// Modules per side (no quiet zone).
    public let size: Int
    public let modules: [Bool]

    /// Encodes `text` (UTF-8); nil when libqrencode refuses it (too long for any QR version).
    public init?(_ text: String) {
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        size = width
        // Bit 0 of each byte is the module's colour; the other bits describe its role.
        modules = (0..<width * width).map { code.pointee.data[$0] & 1 == 1 }
    }

    public func isDark(x: Int, y: Int) -> Bool { modules[y * size + x] }
}
