/// The one normalisation applied to visitor text before caching, embedding and recording:
/// trimmed, runs of whitespace collapsed to one space, case-folded.
public enum QueryNormaliser {
    public static func normalise(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x80 } ? normaliseASCII(text) : normaliseScalars(text)
    }

    /// The same for ASCII text, byte by byte (every visitor's title typed in English; a tenth of
    /// the instructions): the whitespace and control characters of ASCII are 0x00–0x20 and 0x7F,
    /// and case-folding is A–Z → a–z.
    static func normaliseASCII(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            if byte <= 0x20 || byte == 0x7F {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func normaliseScalars(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.unicodeScalars.append(" ")
                pendingSpace = false
            }
            out.unicodeScalars.append(scalar)
        }
        return out.lowercased()
    }
}
