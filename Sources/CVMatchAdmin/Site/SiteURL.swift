import CVMatchCore

/// The public address of the site (`CVMATCH_SITE_URL`): the canonical URL and the base of the
/// absolute URLs link previews need (`og:image`).
public struct SiteURL: Sendable, Equatable {
    /// The URL without query or fragment, ending in "/".
    public let base: String

    public init(_ text: String, variable: String = "CVMATCH_SITE_URL") throws(ConfigError) {
        let trimmed = text.trimmingWhitespace()
        if let problem = SafeLink.problem(trimmed, allowed: ["http", "https"]) {
            throw ConfigError("\(variable): \(problem)")
        }
        var base = String(trimmed.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
        base = String(base.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        if !base.hasSuffix("/") { base += "/" }
        self.base = base
    }

    /// The absolute URL of a file at the site's root ("favicon.png" → "https://…/favicon.png").
    public func absolute(_ file: String) -> String {
        base + (file.hasPrefix("/") ? String(file.dropFirst()) : file)
    }
}
