/// The one normalisation applied to visitor text before caching, embedding and recording:
/// trimmed, runs of whitespace collapsed to one space, case-folded.
public enum QueryNormaliser {
    public static func normalise(_ text: String) -> String {
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
