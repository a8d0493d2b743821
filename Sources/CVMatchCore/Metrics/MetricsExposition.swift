/// Writes metric families in Prometheus's text exposition format (version 0.0.4): a `# HELP` and a
/// `# TYPE` line per family, then its samples; a histogram as cumulative `_bucket{le="…"}` series
/// ending with `le="+Inf"`, then `_sum` and `_count`. Label values and help texts are escaped as
/// the format requires.
public enum MetricsExposition {
    /// The `Content-Type` of the text format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func render(_ families: [MetricFamily]) -> String {
        var out = ""
        for family in families {
            out += "# HELP \(family.name) \(escapeHelp(family.help))\n"
            out += "# TYPE \(family.name) \(family.kind.rawValue)\n"
            for sample in family.samples {
                out += family.name + labelText(sample.labels) + " " + number(sample.value) + "\n"
            }
            for histogram in family.histograms {
                for bucket in histogram.buckets {
                    out += family.name + "_bucket" + labelText(histogram.labels + [MetricLabel("le", number(bucket.upperBound))])
                        + " \(bucket.count)\n"
                }
                out += family.name + "_bucket" + labelText(histogram.labels + [MetricLabel("le", "+Inf")]) + " \(histogram.count)\n"
                out += family.name + "_sum" + labelText(histogram.labels) + " " + number(histogram.sum) + "\n"
                out += family.name + "_count" + labelText(histogram.labels) + " \(histogram.count)\n"
            }
        }
        return out
    }

    /// A value as the format writes it: integers without a fraction, `+Inf`, `-Inf`, `NaN`.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    private static func labelText(_ labels: [MetricLabel]) -> String {
        guard !labels.isEmpty else { return "" }
        return "{" + labels.map { "\($0.name)=\"\(escapeLabel($0.value))\"" }.joined(separator: ",") + "}"
    }

    private static func escapeLabel(_ value: String) -> String { escape(value, quotes: true) }

    private static func escapeHelp(_ value: String) -> String { escape(value, quotes: false) }

    /// Backslash and line feed escaped (help texts); with `quotes`, the double quote too (label values).
    private static func escape(_ value: String, quotes: Bool) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"" where quotes: out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
