import CVMatchCore

/// The generated icons: the owner's initials in white on a disc of the site's accent colour, as SVG
/// (scalable, drawn with the visitor's system font) and as PNG/ICO bitmaps drawn with `PixelFont`.
/// Initials the pixel font lacks (letters outside A–Z) leave the bitmap disc plain.
public enum InitialsIcon {
    /// The accent colour of `web/theme.css` (light mode); white on it has a contrast of 6.4:1.
    static let accent: (UInt8, UInt8, UInt8) = (0x1F, 0x5F, 0xBF)

    public static func svg(initials: String) -> String {
        let size = initials.count > 1 ? 28 : 34
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">\
        <circle cx="32" cy="32" r="32" fill="#1f5fbf"/>\
        <text x="32" y="32" dy="0.35em" text-anchor="middle" fill="#ffffff" font-weight="700" font-size="\(size)" \
        font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif">\(HTMLText.escape(initials))</text></svg>

        """
    }

    /// A `size`×`size` RGBA PNG: the disc (transparent corners) with the initials.
    public static func png(initials: String, size: Int) -> [UInt8] {
        PNGEncoder.encode(width: size, height: size, rgba: rgba(initials: initials, size: size))
    }

    /// An ICO file holding one 32×32 PNG (the format every browser reads for `/favicon.ico`).
    public static func ico(png: [UInt8]) -> [UInt8] {
        let size = PNGEncoder.size(of: png) ?? (32, 32)
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16) }
        var out = le16(0) + le16(1) + le16(1)                      // reserved, type icon, one image
        out += [UInt8(size.width >= 256 ? 0 : size.width), UInt8(size.height >= 256 ? 0 : size.height), 0, 0]
        out += le16(1) + le16(32) + le32(png.count) + le32(22)      // planes, bits, size, offset
        return out + png
    }

    static func rgba(initials: String, size: Int) -> [UInt8] {
        let glyphs = initials.compactMap(PixelFont.glyph)
        // Text block: glyphs side by side with one empty column between, 56 % of the icon wide at most.
        let columns = glyphs.isEmpty ? 0 : glyphs.count * PixelFont.width + (glyphs.count - 1)
        let cell = columns == 0 ? 0 : min(Double(size) * 0.56 / Double(columns), Double(size) * 0.5 / Double(PixelFont.height))
        let textWidth = Double(columns) * cell, textHeight = Double(PixelFont.height) * cell
        let left = (Double(size) - textWidth) / 2, top = (Double(size) - textHeight) / 2
        func ink(_ x: Double, _ y: Double) -> Bool {
            guard cell > 0, x >= left, y >= top else { return false }
            let column = Int((x - left) / cell), row = Int((y - top) / cell)
            guard row < PixelFont.height, column < columns else { return false }
            let glyph = column / (PixelFont.width + 1), within = column % (PixelFont.width + 1)
            return within < PixelFont.width && glyphs[glyph][row][within]
        }
        let samples = 4
        let radius = Double(size) / 2
        var out = [UInt8](repeating: 0, count: size * size * 4)
        for py in 0..<size {
            for px in 0..<size {
                var disc = 0, letter = 0
                for sy in 0..<samples {
                    for sx in 0..<samples {
                        let x = Double(px) + (Double(sx) + 0.5) / Double(samples)
                        let y = Double(py) + (Double(sy) + 0.5) / Double(samples)
                        let dx = x - radius, dy = y - radius
                        if dx * dx + dy * dy <= radius * radius {
                            disc += 1
                            if ink(x, y) { letter += 1 }
                        }
                    }
                }
                let n = samples * samples
                let offset = (py * size + px) * 4
                if disc > 0 {
                    // white over the accent in proportion to the inked samples inside the disc
                    let share = Double(letter) / Double(disc)
                    func mix(_ c: UInt8) -> UInt8 { UInt8((Double(c) + (255 - Double(c)) * share).rounded()) }
                    out[offset] = mix(accent.0)
                    out[offset + 1] = mix(accent.1)
                    out[offset + 2] = mix(accent.2)
                    out[offset + 3] = UInt8(255 * disc / n)
                }
            }
        }
        return out
    }
}
