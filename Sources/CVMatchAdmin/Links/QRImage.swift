import CVMatchQRCode

/// A QR code drawn as a file: SVG (one path of unit squares) or PNG (8 pixels a module), black on
/// white with the 4-module quiet zone scanners need.
public enum QRImage {
    public static let quietZone = 4

    public enum Format: String, Sendable {
        case svg, png

        /// The format a file name asks for (`.svg` or `.png`, any case); nil for anything else.
        public init?(fileName: String) {
            let lower = fileName.lowercased()
            if lower.hasSuffix(".svg") { self = .svg } else if lower.hasSuffix(".png") { self = .png } else { return nil }
        }
    }

    public static func render(_ code: QRCode, as format: Format) -> [UInt8] {
        format == .svg ? Array(svg(code).utf8) : png(code)
    }

    public static func svg(_ code: QRCode) -> String {
        let side = code.size + 2 * quietZone
        var path = ""
        for y in 0..<code.size {
            for x in 0..<code.size where code.isDark(x: x, y: y) {
                path += "M\(x + quietZone) \(y + quietZone)h1v1h-1z"
            }
        }
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(side * 8)" height="\(side * 8)" shape-rendering="crispEdges">\
        <rect width="\(side)" height="\(side)" fill="#fff"/><path fill="#000" d="\(path)"/></svg>

        """
    }

    public static func png(_ code: QRCode, pixelsPerModule: Int = 8) -> [UInt8] {
        let side = (code.size + 2 * quietZone) * pixelsPerModule
        var rgba = [UInt8](repeating: 255, count: side * side * 4)
        for y in 0..<side {
            for x in 0..<side {
                let mx = x / pixelsPerModule - quietZone, my = y / pixelsPerModule - quietZone
                guard mx >= 0, my >= 0, mx < code.size, my < code.size, code.isDark(x: mx, y: my) else { continue }
                let i = (y * side + x) * 4
                rgba[i] = 0; rgba[i + 1] = 0; rgba[i + 2] = 0
            }
        }
        return PNGEncoder.encode(width: side, height: side, rgba: rgba)
    }
}
